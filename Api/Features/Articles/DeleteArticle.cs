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

    /// <summary>Who may trash or purge is decided inside the write transaction, on the article as it then stands.</summary>
    public override async Task HandleAsync(DeleteArticleRequest req, CancellationToken ct)
    {
        if (await this.RequireIfMatchAsync("article", ct) is not { } ifMatch) { return; }
        var caller = HttpContext.Caller()!;
        await this.BeforeWriteAsync(req.Id, ct);
        var found = req.Permanent == true
            ? await articles.PurgeAsync(req.Id, caller.CannotPurge, ifMatch, ct)
            : await articles.ChangeStatusAsync(req.Id, ArticleAction.Trash, null, caller.CannotTrash, ifMatch, this.Actor(), ct);
        if (!found) { await this.SendNotFoundAsync("article", req.Id, ct); return; }
        await Send.NoContentAsync(ct);
    }
}
