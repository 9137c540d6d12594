using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class UnpublishArticleEndpoint(ArticleRepository articles, PublicUrls urls) : Endpoint<ArticleStateRequest, ArticleResponse>
{
    public const string Route = "/articles/{id:long}/unpublish";

    public override void Configure()
    {
        Post(Route);
        Summary(s => s.Summary = "Take a published or scheduled article back to draft (authors their own, editors any)");
        Description(b => b.ProducesProblems(403, 404, 409, 412));
    }

    public override async Task HandleAsync(ArticleStateRequest req, CancellationToken ct) =>
        await this.RunLifecycleActionAsync(articles, urls, req.Id, ArticleAction.Unpublish, null,
            (caller, state) => caller.CannotPublish(state), ct);
}
