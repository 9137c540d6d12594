using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class PublishArticleRequest
{
    public long Id { get; set; }

    [Description("When it becomes public (RFC 3339 with an offset): a future time schedules it. Left out: now.")]
    public DateTimeOffset? PublishAt { get; set; }
}

/// <summary>draft → scheduled or published; a published or scheduled article can be published again at another time.</summary>
public sealed class PublishArticleEndpoint(ArticleRepository articles, PublicUrls urls, TimeProvider clock)
    : Endpoint<PublishArticleRequest, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{id:long}/publish");
        Summary(s =>
        {
            s.Summary = "Publish an article now, or schedule it with publishAt (authors their own, editors any)";
            s.Description = "A scheduled article becomes visible everywhere (pages, lists, search, feeds, sync) at its time, " +
                            "without any background job. The body is optional: without one the article is published now. " +
                            "If-Match is honoured when sent.";
        });
        // The body may be left out (publish now): accept a request without a content type as well as JSON.
        Description(b => b.Accepts<PublishArticleRequest>(isOptional: true, "application/json", "*/*")
            .Produces<ArticleResponse>(200).ProducesProblems(400, 403, 404, 409, 412, 415), clearDefaults: true);
    }

    public override async Task HandleAsync(PublishArticleRequest req, CancellationToken ct)
    {
        if (HttpContext.Request.ContentLength > 0 && !HttpContext.Request.HasJsonContentType())
        {
            await this.SendProblemAsync(415, "Send the body as application/json ({\"publishAt\": ...}), or send no body to publish now.", ct);
            return;
        }
        await this.TransitionAsync(articles, urls, req.Id, new ArticleTransition.Publish(Timestamps.Format(req.PublishAt ?? clock.GetUtcNow())),
            (caller, state) => caller.CannotPublish(state), ct);
    }
}

public sealed class ArticleStateRequest
{
    public long Id { get; set; }
}

public sealed class UnpublishArticleEndpoint(ArticleRepository articles, PublicUrls urls) : Endpoint<ArticleStateRequest, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{id:long}/unpublish");
        Summary(s => s.Summary = "Take a published or scheduled article back to draft (authors their own, editors any)");
        Description(b => b.ProducesProblems(403, 404, 409, 412));
    }

    public override async Task HandleAsync(ArticleStateRequest req, CancellationToken ct) =>
        await this.TransitionAsync(articles, urls, req.Id, new ArticleTransition.Unpublish(),
            (caller, state) => caller.CannotPublish(state), ct);
}

public sealed class ArchiveArticleEndpoint(ArticleRepository articles, PublicUrls urls) : Endpoint<ArticleStateRequest, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{id:long}/archive");
        Summary(s => s.Summary = "Archive an article: off the public side, kept for editors (authors their own, editors any)");
        Description(b => b.ProducesProblems(403, 404, 409, 412));
    }

    public override async Task HandleAsync(ArticleStateRequest req, CancellationToken ct) =>
        await this.TransitionAsync(articles, urls, req.Id, new ArticleTransition.Archive(),
            (caller, state) => caller.CannotPublish(state), ct);
}

public sealed class RestoreArticleEndpoint(ArticleRepository articles, PublicUrls urls) : Endpoint<ArticleStateRequest, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{id:long}/restore");
        Summary(s => s.Summary = "Bring an article back from the trash as it was (editors)");
        Description(b => b.ProducesProblems(403, 404, 409, 412));
    }

    public override async Task HandleAsync(ArticleStateRequest req, CancellationToken ct) =>
        await this.TransitionAsync(articles, urls, req.Id, new ArticleTransition.Restore(),
            (caller, _) => caller.CannotManage(), ct);
}

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
        await ep.SendArticleAsync(articles, urls, id, StatusCodes.Status200OK, ct);
    }
}
