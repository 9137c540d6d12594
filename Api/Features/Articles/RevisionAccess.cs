using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

static class RevisionAccess
{
    /// <summary>Answers 404 or 403 and returns false when the caller may not read this article's revisions. The revisions
    /// of a trashed article are the trash's: a 404 to keys that may not see it.</summary>
    public static async Task<bool> MayReadRevisionsAsync(this IEndpoint ep, ArticleRepository articles, long id, CancellationToken ct)
    {
        if (await ep.FindStateOr404Async(articles, id, ct) is not { } state) { return false; }
        var caller = ep.HttpContext.Caller()!;
        if (state.Status == ArticleLifecycleStatus.Trashed && !caller.MaySeeTrash(state.StationId))
        {
            await ep.SendNotFoundAsync("article", id, ct);
            return false;
        }
        return await ep.AllowedAsync(caller.CannotReadRevisions(state), ct);
    }
}
