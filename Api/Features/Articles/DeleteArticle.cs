using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class DeleteArticleRequest
{
    public const string Route = GetArticleRequest.Route;

    public long Id { get; set; }

    [QueryParam, Description("true to remove the article for good, with its revisions (admin only); otherwise it goes to the trash.")]
    public bool? Permanent { get; set; }
}

public sealed class DeleteArticleEndpoint(ArticleRepository articles) : Endpoint<DeleteArticleRequest>
{
    public override void Configure()
    {
        Delete(DeleteArticleRequest.Route);
        Summary(s =>
        {
            s.Summary = "Move an article to the trash, or with permanent=true remove it for good (If-Match required)";
            s.Description = "A trashed article leaves every public view at once and can be restored as it was. Editors trash any " +
                            "article; contributors and authors their own drafts. Only admins remove for good.";
        });
        Description(b => b.Produces(204).ProducesProblems(403, 404, 409, 412, 428));
    }

    public override async Task HandleAsync(DeleteArticleRequest req, CancellationToken ct)
    {
        if (await this.RequireIfMatchAsync("article", ct) is not { } ifMatch) { return; }
        if (await this.FindStateOr404Async(articles, req.Id, ct) is not { } state) { return; }
        var caller = HttpContext.Caller()!;
        if (req.Permanent == true)
        {
            if (!await this.AllowedAsync(caller.CannotPurge(state), ct)) { return; }
            await articles.PurgeAsync(req.Id, ifMatch, ct);
        }
        else
        {
            if (!await this.AllowedAsync(caller.CannotTrash(state), ct)) { return; }
            await articles.ChangeStatusAsync(req.Id, ArticleAction.Trash, null, ifMatch, this.Actor(), ct);
        }
        await Send.NoContentAsync(ct);
    }
}
