using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

static class ArticleTransitions
{
    /// <param name="refusal">Why this caller may not make this move, beyond the station scope every move checks; null when it may.</param>
    public static async Task TransitionAsync(this IEndpoint ep, ArticleRepository articles, PublicUrls urls, long id, ArticleTransition transition,
        Func<Caller, ArticleState, string?> refusal, CancellationToken ct)
    {
        var ifMatch = ep.OptionalIfMatch();
        if (await ep.FindStateAsync(articles, id, ct) is not { } state) { return; }
        var caller = ep.HttpContext.Caller()!;
        if (!await ep.AllowedAsync(caller.CannotWriteIn(state.StationId) ?? refusal(caller, state), ct)) { return; }
        await articles.TransitionAsync(id, transition, ifMatch, ep.Actor(), ct);
        await ep.SendArticleAsync(articles, urls, id, ct);
    }
}
