using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Media;

static class MediaOwnership
{
    /// <summary>Editors may change any medium, other keys what they uploaded.</summary>
    public static bool MayChange(this Caller? caller, MediaRow row) =>
        caller is not null && (caller.AtLeast(KeyRole.Editor) || row.UploadedByKeyId == caller.KeyId);

    /// <summary>The medium, when this caller may change it: editors may change any, others what their key uploaded.</summary>
    public static async Task<MediaRow?> FindChangeableMediumAsync(this IEndpoint ep, MediaRepository media, long id, CancellationToken ct)
    {
        var row = await media.FindAsync(id, ct);
        if (row is null) { await ep.SendNotFoundAsync("medium", id, ct); return null; }
        if (!ep.HttpContext.Caller().MayChange(row))
        {
            await ep.SendProblemAsync(ProblemTypes.Forbidden, $"Medium {id} was uploaded with another key; only editors may change it.", ct);
            return null;
        }
        return row;
    }
}
