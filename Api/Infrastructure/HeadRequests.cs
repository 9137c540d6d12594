namespace Cms.Api.Infrastructure;

/// <summary>HEAD answers as GET would, without the body (RFC 9110 9.3.2): link checkers, monitors and `curl -I` ask
/// for headers only. The request runs as a GET, so caching, validators and limits are the same, and what the endpoint
/// writes goes nowhere; the headers, Content-Length included, are those of the GET.</summary>
public static class HeadRequests
{
    public static IApplicationBuilder AnswerHeadAsGet(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await next(ctx);
            return;
        }
        var body = ctx.Response.Body;
        ctx.Request.Method = HttpMethods.Get;
        ctx.Response.Body = Stream.Null;
        try
        {
            await next(ctx);
        }
        finally
        {
            ctx.Request.Method = HttpMethods.Head;
            ctx.Response.Body = body;
        }
    });
}
