using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class DeleteArticleRequest
{
    public long Id { get; set; }
}

public sealed class DeleteArticleEndpoint(ArticleRepository articles) : Endpoint<DeleteArticleRequest>
{
    public override void Configure()
    {
        Delete("/articles/{id:long}");
        Summary(s => s.Summary = "Delete an article with its bylines, tags and media list (the media themselves stay)");
        Description(b => b.Produces(204).ProducesProblems(404));
    }

    public override async Task HandleAsync(DeleteArticleRequest req, CancellationToken ct)
    {
        if (!await articles.DeleteAsync(req.Id, ct)) { await this.SendProblemAsync(404, $"No article has the id {req.Id}.", ct); return; }
        await Send.NoContentAsync(ct);
    }
}
