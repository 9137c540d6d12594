using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

static class RevisionAccess
{
    /// <summary>Answers 404 or 403 and returns false when the caller may not read this article's revisions.</summary>
    public static async Task<bool> MayReadRevisionsAsync(this IEndpoint ep, ArticleRepository articles, long id, CancellationToken ct) =>
        await ep.FindStateOr404Async(articles, id, ct) is { } state
        && await ep.AllowedAsync(ep.HttpContext.Caller()!.CannotReadRevisions(state), ct);
}
