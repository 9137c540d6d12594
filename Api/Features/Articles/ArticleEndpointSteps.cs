using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

/// <summary>The steps the article endpoints that change something share: who acts, whether they may, and the answer.</summary>
public static class ArticleEndpointSteps
{
    public static Actor Actor(this IEndpoint ep) => ep.HttpContext.Caller() is { } c ? new Actor(c.KeyId, c.KeyName, c.AuthorId) : Articles.Actor.System;

    /// <summary>The article's state for an access check; answers 404 and returns null when there is none.</summary>
    public static async Task<ArticleState?> FindStateOr404Async(this IEndpoint ep, ArticleRepository articles, long id, CancellationToken ct)
    {
        var state = await articles.FindStateAsync(id, ct);
        if (state is null) { await ep.SendNotFoundAsync("article", id, ct); }
        return state;
    }

    /// <summary>Runs the <see cref="IBeforeArticleWrite"/> a test registered, if any.</summary>
    public static Task BeforeWriteAsync(this IEndpoint ep, long id, CancellationToken ct) =>
        ep.HttpContext.RequestServices.GetService<IBeforeArticleWrite>()?.RunAsync(id, ct) ?? Task.CompletedTask;

    /// <summary>Answers 403 with the reason when there is one; returns whether the request may go on.</summary>
    public static async Task<bool> AllowedAsync(this IEndpoint ep, string? refusal, CancellationToken ct)
    {
        if (refusal is null) { return true; }
        await ep.SendProblemAsync(ProblemTypes.Forbidden, refusal, ct);
        return false;
    }

    /// <summary>If-Match is optional on state changes (POST); when sent, it is honoured.</summary>
    public static IfMatch OptionalIfMatch(this IEndpoint ep) =>
        string.IsNullOrWhiteSpace(ep.HttpContext.Request.Headers.IfMatch) ? IfMatch.Anything : ep.ParseIfMatch();

    /// <summary>Answers with the article as it now is (any state), its version in the ETag.</summary>
    public static async Task SendArticleAsync(this IEndpoint ep, ArticleRepository articles, PublicUrls urls, long id, CancellationToken ct) =>
        await ep.HttpContext.Response.SendAsync(await DetailAsync(ep, articles, urls, id, ct), StatusCodes.Status200OK, cancellation: ct);

    /// <summary>Answers 201 with the new article, its version in the ETag and where to read it in Location.</summary>
    public static async Task SendCreatedArticleAsync(this IEndpoint ep, ArticleRepository articles, PublicUrls urls, long id, CancellationToken ct) =>
        await ep.HttpContext.Response.SendCreatedAtAsync<GetArticleEndpoint>(new { id }, await DetailAsync(ep, articles, urls, id, ct), cancellation: ct);

    static async Task<ArticleResponse> DetailAsync(IEndpoint ep, ArticleRepository articles, PublicUrls urls, long id, CancellationToken ct)
    {
        var article = (await articles.FindAsync(id, includeAll: true, ct))!;
        var parts = await articles.LoadPartsAsync([id], ct);
        ep.SetVersion(article.Version);
        return article.ToDetail(parts, urls);
    }
}
