using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure;

/// <summary>Absolute links for clients on other origins: from Cms:PublicBaseUrl when set (behind a proxy or CDN),
/// else from the request's own scheme, host and path base (Cms:PathBase, or the X-Forwarded-Prefix of a trusted proxy).</summary>
public sealed partial class PublicUrls(IOptions<CmsOptions> options, IHttpContextAccessor http)
{
    public string Base
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)) { return options.Value.PublicBaseUrl.TrimEnd('/'); }
            var request = http.HttpContext?.Request;
            return request is null ? string.Empty : $"{request.Scheme}://{request.Host}{request.PathBase}";
        }
    }

    /// <summary>The bytes of a medium. The URL names their hash, so it can be cached for good: other bytes get another URL.</summary>
    public string MediaContent(long mediaId, string sha256) => $"{Base}/api/v1/media/{mediaId}/content?v={ContentVersion(sha256)}";

    public static string ContentVersion(string sha256) => sha256[..16];

    /// <summary>Root-relative links and images in HTML made absolute, for readers on other origins (frontends, feed readers).</summary>
    public string Absolute(string html)
    {
        var root = Base;
        return RootRelative().Replace(html, m => $"{m.Groups[1].Value}=\"{root}/");
    }

    /// <summary>Links to this API written absolute (as GET returned them) stored root-relative, so stored HTML never
    /// depends on the host it was sent through.</summary>
    public string Relative(string? html)
    {
        var root = Base;
        return html is null || root.Length == 0 ? html ?? string.Empty : html.Replace($"=\"{root}/api/", "=\"/api/", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("(src|href)=\"/(?!/)")]
    private static partial Regex RootRelative();
}

public static class PathBases
{
    /// <summary>Serves the API under Cms:PathBase as well as at the root (a proxy that passes /cms/... on unchanged then
    /// gets links and Swagger UI under /cms), and leads the Location of a created resource under the path base the
    /// request came through: FastEndpoints writes it from the route alone.</summary>
    public static IApplicationBuilder UseCmsPathBase(this IApplicationBuilder app, string? configured)
    {
        if (Normalize(configured) is { } pathBase) { app.UsePathBase(pathBase); }
        return app.Use((ctx, next) =>
        {
            var pathBase = ctx.Request.PathBase;
            if (pathBase.HasValue)
            {
                ctx.Response.OnStarting(() =>
                {
                    var location = ctx.Response.Headers.Location.ToString();
                    if (location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal))
                    {
                        ctx.Response.Headers.Location = pathBase.ToUriComponent() + location;
                    }
                    return Task.CompletedTask;
                });
            }
            return next(ctx);
        });
    }

    /// <summary>"cms", "/cms" and "/cms/" all mean /cms; empty or "/" means none.</summary>
    public static string? Normalize(string? configured) =>
        configured?.Trim().Trim('/') is { Length: > 0 } path ? "/" + path : null;
}
