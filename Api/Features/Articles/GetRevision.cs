using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class RevisionResponse
{
    public required RevisionSummary Revision { get; init; }
    public required RevisionContent Content { get; init; }
}

public sealed class GetRevisionEndpoint(ArticleRepository articles) : Endpoint<RevisionRequest, RevisionResponse>
{
    public const string Route = "/articles/{id:long}/revisions/{number:long}";

    public override void Configure()
    {
        Get(Route);
        Summary(s => s.Summary = "One revision of an article with its full content");
        Description(b => b.ProducesProblems(403, 404));
    }

    public override async Task HandleAsync(RevisionRequest req, CancellationToken ct)
    {
        if (!await this.MayReadRevisionsAsync(articles, req.Id, ct)) { return; }
        var row = await articles.FindRevisionAsync(req.Id, req.Number, ct);
        if (row is null) { await this.SendProblemAsync(ProblemTypes.NotFound, $"Article {req.Id} has no revision {req.Number}.", ct); return; }
        await Send.OkAsync(new RevisionResponse { Revision = RevisionSummary.From(row), Content = ArticleRevisions.Parse(row.Content) }, ct);
    }
}
