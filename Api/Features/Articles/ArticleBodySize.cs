using System.Text;
using Cms.Api.Infrastructure;
using FastEndpoints;
using Microsoft.Extensions.Options;

namespace Cms.Api.Features.Articles;

/// <summary>Cms:MaxBodyHtmlBytes, checked in the endpoints rather than the validators, which are shared by every host
/// of a process and so cannot hold one host's setting. A body stored longer, before the limit, stays readable and
/// searchable, and a PATCH or a restored revision that leaves it as it is still works.</summary>
static class ArticleBodySize
{
    /// <param name="storedBodyHtml">The body the article already has: sent back unchanged, it is not measured again.</param>
    /// <returns>false when a 400 naming bodyHtml was sent.</returns>
    public static async Task<bool> BodyFitsAsync(this IEndpoint ep, string? bodyHtml, string? storedBodyHtml, CancellationToken ct)
    {
        var limit = ep.HttpContext.RequestServices.GetRequiredService<IOptions<CmsOptions>>().Value.MaxBodyHtmlBytes;
        if (bodyHtml is null || bodyHtml == storedBodyHtml) { return true; }
        var bytes = Encoding.UTF8.GetByteCount(bodyHtml);
        if (bytes <= limit) { return true; }
        await ep.SendProblemAsync(ProblemTypes.ValidationFailed, "bodyHtml",
            $"bodyHtml must be at most {limit:N0} bytes (UTF-8); this one has {bytes:N0}.", ct);
        return false;
    }
}
