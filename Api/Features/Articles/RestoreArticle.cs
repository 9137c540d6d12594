using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class RestoreArticleEndpoint(ArticleRepository articles, PublicUrls urls) : Endpoint<ArticleStateRequest, ArticleResponse>
{
    public const string Route = "/articles/{id:long}/restore";

    public override void Configure()
    {
        Post(Route);
        Summary(s => s.Summary = "Bring an article back from the trash as it was (editors)");
        Description(b => b.ProducesProblems(403, 404, 409, 412));
    }

    public override async Task HandleAsync(ArticleStateRequest req, CancellationToken ct) =>
        await this.RunLifecycleActionAsync(articles, urls, req.Id, ArticleAction.Restore, null,
            (caller, _) => caller.CannotManage(), ct);
}
