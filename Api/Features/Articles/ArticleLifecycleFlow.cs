using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

/// <summary>The flow of the lifecycle endpoints (publish, unpublish, archive, restore): find the article, check the
/// caller may make the move, make it, answer with the article.</summary>
static class ArticleLifecycleFlow
{
    /// <param name="refusal">Why this caller may not make this move, beyond the station scope every move checks; null when it
    /// may. Decided inside the write transaction, on the article as it then stands (issue #13 row 14).</param>
    public static async Task RunLifecycleActionAsync(this IEndpoint ep, ArticleRepository articles, PublicUrls urls, long id,
        ArticleAction action, string? publishAt, Func<Caller, ArticleState, string?> refusal, CancellationToken ct)
    {
        var ifMatch = ep.OptionalIfMatch();
        var caller = ep.HttpContext.Caller()!;
        await ep.BeforeWriteAsync(id, ct);
        if (!await articles.ChangeStatusAsync(id, action, publishAt, state => caller.CannotWriteIn(state.StationId) ?? refusal(caller, state),
                ifMatch, ep.Actor(), ct))
        {
            await ep.SendNotFoundAsync("article", id, ct);
            return;
        }
        await ep.SendArticleAsync(articles, urls, id, ct);
    }
}
