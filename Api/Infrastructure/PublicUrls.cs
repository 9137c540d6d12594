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

    public string MediaContent(long mediaId) => $"{Base}/api/v1/media/{mediaId}/content";
}
