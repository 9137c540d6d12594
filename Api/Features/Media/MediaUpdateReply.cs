using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Media;

static class MediaUpdateReply
{
    public static async Task SendMediumAsync(this IEndpoint ep, PublicUrls urls, long id, MediaRow? row, CancellationToken ct)
    {
        if (row is null) { await ep.SendNotFoundAsync("medium", id, ct); return; }
        ep.SetVersion(row.Version);
        await ep.HttpContext.Response.SendAsync(MediaResponse.From(row, urls, ep.HttpContext.Caller()), cancellation: ct);
    }
}
