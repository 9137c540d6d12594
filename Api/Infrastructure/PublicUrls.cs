using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure;

/// <summary>Absolute links for clients on other origins: from Cms:PublicBaseUrl when set (behind a proxy or CDN),
/// else from the request's own scheme and host.</summary>
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
