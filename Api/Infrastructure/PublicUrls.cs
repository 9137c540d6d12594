using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure;

/// <summary>Absolute links for clients on other origins: from Cms:PublicBaseUrl when set (behind a proxy or CDN),
/// else from the request's own scheme and host.</summary>
public sealed class PublicUrls(IOptions<CmsOptions> options, IHttpContextAccessor http)
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
}
