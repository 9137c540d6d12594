using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

static class RevisionAccess
{
    public static async Task<bool> MayReadRevisionsAsync(this IEndpoint ep, ArticleRepository articles, long id, CancellationToken ct)
    {
        if (await ep.FindStateAsync(articles, id, ct) is not { } state) { return false; }
        var caller = ep.HttpContext.Caller()!;
        return await ep.AllowedAsync(caller.CannotWriteIn(state.StationId)
                                     ?? (caller.AtLeast(KeyRole.Editor) || caller.Owns(state) ? null : $"Article {id} is not this key's own."), ct);
    }
}
