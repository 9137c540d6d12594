using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Articles;

public sealed class PublishArticleRequest
{
    public const string Route = "/articles/{id:long}/publish";

    public long Id { get; set; }

    [Description("When it becomes public (RFC 3339 with an offset): a future time schedules it. Left out: now.")]
    public DateTimeOffset? PublishAt { get; set; }
}

public sealed class PublishArticleValidator : Validator<PublishArticleRequest>
{
    public PublishArticleValidator() => RuleFor(x => x.PublishAt).PublishTime("publishAt");
}

/// <summary>draft → scheduled or published; a published or scheduled article can be published again at another time.</summary>
public sealed class PublishArticleEndpoint(ArticleRepository articles, PublicUrls urls, TimeProvider clock)
    : Endpoint<PublishArticleRequest, ArticleResponse>
{
    public override void Configure()
    {
        Post(PublishArticleRequest.Route);
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
            await this.SendProblemAsync(ProblemTypes.UnsupportedMediaType, "Send the body as application/json ({\"publishAt\": ...}), or send no body to publish now.", ct);
            return;
        }
        await this.RunLifecycleActionAsync(articles, urls, req.Id, ArticleAction.Publish, Timestamps.Format(req.PublishAt ?? clock.GetUtcNow()),
            (caller, state) => caller.CannotPublish(state), ct);
    }
}
