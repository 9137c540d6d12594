using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class RestoreRevisionEndpoint(ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls, TimeProvider clock)
    : Endpoint<RevisionRequest, ArticleResponse>
{
    public const string Route = "/articles/{id:long}/revisions/{number:long}/restore";

    public override void Configure()
    {
        Post(Route);
        Summary(s =>
        {
            s.Summary = "Make an earlier revision's content current again; this is itself a new revision";
            s.Description = "Restores title, body, bylines, tags, media and the other content; the article keeps its current " +
                            "state (publishing stays a separate decision). If-Match is honoured when sent.";
        });
        Description(b => b.ProducesProblems(403, 404, 409, 412, 422));
    }

    public override async Task HandleAsync(RevisionRequest req, CancellationToken ct)
    {
        var row = await articles.FindRevisionAsync(req.Id, req.Number, ct);
        if (row is null) { await this.SendProblemAsync(ProblemTypes.NotFound, $"Article {req.Id} has no revision {req.Number}.", ct); return; }
        var content = UpdateArticleRequest.From(ArticleRevisions.Parse(row.Content));
        (content.Status, content.PublishedAt) = (null, null);
        await this.ReplaceContentAsync(articles, sanitizer, urls, clock, req.Id, content, this.OptionalIfMatch(), $"restore-revision-{req.Number}", ct);
    }
}
