using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Infrastructure.Protection;

public sealed class CmsCorsOptions
{
    public const string Section = "Cms:Cors";

    /// <summary>Origins (scheme://host[:port]) of the web apps that may write through the API from a browser,
    /// such as the newsroom's editing tool.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Any web page may read the public content (GET and HEAD) with <c>Access-Control-Allow-Origin: *</c>.</summary>
    public bool PublicReads { get; set; } = true;

    /// <summary>The origin as browsers send it (default port left out), or null when the value is not an origin.</summary>
    internal static string? Normalize(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}

/// <summary>Cross-origin rules. Reads are open to every origin with <c>*</c>, sent whether or not the request names
/// an origin, so a CDN can keep one copy for everybody. Everything else is granted to the allowed origins only,
/// by echoing the origin (<c>Vary: Origin</c>). Credentials are never allowed: the API uses bearer keys, not cookies.
/// ASP.NET's CORS middleware answers a refused preflight 204 and sends <c>*</c> only when a request names an origin,
/// hence this small middleware.</summary>
public sealed class CorsRules(RequestDelegate next, IOptions<CmsCorsOptions> options)
{
    const string AnyOrigin = "*";
    const string ReadMethods = "GET, HEAD";
    const string AllMethods = "GET, POST, PUT, PATCH, DELETE";
    const string RequestHeaders = "Authorization, Content-Type, If-Match, If-None-Match";
    const string ResponseHeaders = "ETag, Location, Retry-After, Last-Modified, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset";
    const string PreflightMaxAgeSeconds = "600";

    static readonly HashSet<string> Methods = new(AllMethods.Split(", ").Append("HEAD"), StringComparer.OrdinalIgnoreCase);

    readonly HashSet<string> allowedOrigins =
        new(options.Value.AllowedOrigins.Select(CmsCorsOptions.Normalize).OfType<string>(), StringComparer.OrdinalIgnoreCase);
    readonly bool publicReads = options.Value.PublicReads;

    public Task InvokeAsync(HttpContext ctx)
    {
        var origin = ctx.Request.Headers.Origin.ToString();
        var requestedMethod = ctx.Request.Headers.AccessControlRequestMethod.ToString();
        if (HttpMethods.IsOptions(ctx.Request.Method) && origin.Length > 0 && requestedMethod.Length > 0)
        {
            return PreflightAsync(ctx, origin, requestedMethod);
        }
        ctx.Response.OnStarting(() =>
        {
            AllowActualRequest(ctx, origin);
            return Task.CompletedTask;
        });
        return next(ctx);
    }

    async Task PreflightAsync(HttpContext ctx, string origin, string method)
    {
        var headers = ctx.Response.Headers;
        var allowed = !Methods.Contains(method) ? null
            : IsRead(method) && publicReads ? AnyOrigin
            : allowedOrigins.Contains(origin) ? origin
            : null;
        if (allowed != AnyOrigin) { headers.Append(HeaderNames.Vary, HeaderNames.Origin); }
        if (allowed is null)
        {
            await Problems.WriteAsync(ctx, ProblemTypes.Forbidden,
                $"Web pages from {origin} may not send {method} requests to this API; allowed origins are listed in Cms:Cors:AllowedOrigins.",
                null, ctx.RequestAborted);
            return;
        }
        headers.AccessControlAllowOrigin = allowed;
        headers.AccessControlAllowMethods = allowed == AnyOrigin ? ReadMethods : AllMethods;
        headers.AccessControlAllowHeaders = RequestHeaders;
        headers.AccessControlMaxAge = PreflightMaxAgeSeconds;
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    void AllowActualRequest(HttpContext ctx, string origin)
    {
        var headers = ctx.Response.Headers;
        if (IsRead(ctx.Request.Method) && publicReads)
        {
            headers.AccessControlAllowOrigin = AnyOrigin;
            headers.AccessControlExposeHeaders = ResponseHeaders;
            return;
        }
        headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        if (origin.Length > 0 && allowedOrigins.Contains(origin))
        {
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlExposeHeaders = ResponseHeaders;
        }
    }

    static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
}
