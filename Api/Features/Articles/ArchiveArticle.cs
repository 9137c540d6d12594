using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class ArchiveArticleEndpoint(ArticleRepository articles, PublicUrls urls) : Endpoint<ArticleStateRequest, ArticleResponse>
{
    public const string Route = "/articles/{id:long}/archive";

    public override void Configure()
    {
        Post(Route);
        Summary(s => s.Summary = "Archive an article: off the public side, kept for editors (authors their own, editors any)");
        Description(b => b.ProducesProblems(403, 404, 409, 412));
    }

    public override async Task HandleAsync(ArticleStateRequest req, CancellationToken ct) =>
        await this.RunLifecycleActionAsync(articles, urls, req.Id, ArticleAction.Archive, null,
            (caller, state) => caller.CannotPublish(state), ct);
}
