namespace Cms.Api.Infrastructure.Protection;

/// <summary>Headers that keep browsers from sniffing, framing or leaking anything the API sends. They are set as the
/// response starts, so they survive the exception handler, which clears headers before it writes a 500.</summary>
public static class SecurityHeaders
{
    /// <summary>API responses are data: nothing in them may load, run or be framed, even if a browser renders one
    /// (an uploaded file opened directly, say).</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Swagger UI loads its scripts and styles from /swagger, draws icons from data: URIs in its stylesheet,
    /// fetches the document and runs "Try it out" against this host, and shows an image it received from a blob: URL
    /// it makes of the bytes. Its logo is an SVG with an inline style element, hence 'unsafe-inline' for styles only;
    /// scripts stay limited to its own files.</summary>
    public const string SwaggerPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseCmsSecurityHeaders(this IApplicationBuilder app) => app.Use((ctx, next) =>
    {
        ctx.Response.OnStarting(() =>
        {
            var headers = ctx.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ctx.Request.Path.StartsWithSegments("/swagger") ? SwaggerPolicy : ApiPolicy;
            return Task.CompletedTask;
        });
        return next(ctx);
    });
}
