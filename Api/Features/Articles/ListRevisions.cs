using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class ListRevisionsRequest : PageQuery
{
    public const string Route = "/articles/{id:long}/revisions";

    public long Id { get; set; }
}

public sealed class ListRevisionsValidator : Validator<ListRevisionsRequest>
{
    public ListRevisionsValidator() => Include(new PageQueryValidator());
}

public sealed class ListRevisionsEndpoint(ArticleRepository articles, CursorCodec cursors) : Endpoint<ListRevisionsRequest, Page<RevisionSummary>>
{
    public override void Configure()
    {
        Get(ListRevisionsRequest.Route);
        Summary(s => s.Summary = "An article's revisions, newest first: who changed it, when, and how (editors any, others their own)");
        Description(b => b.ProducesProblems(403, 404));
    }

    public override async Task HandleAsync(ListRevisionsRequest req, CancellationToken ct)
    {
        var scope = $"revisions:{req.Id}";
        if (!cursors.TryRead(req.Cursor, scope, 1, out var before)) { await this.SendInvalidCursorAsync(ct); return; }
        if (!await this.MayReadRevisionsAsync(articles, req.Id, ct)) { return; }
        var rows = await articles.ListRevisionsAsync(req.Id, before is null ? null : long.Parse(before[0], CultureInfo.InvariantCulture), req.PageSize + 1, ct);
        await Send.OkAsync(Page.Of(rows, req.PageSize, RevisionSummary.From, r => cursors.Encode(scope, r.Number.ToString(CultureInfo.InvariantCulture))), ct);
    }
}
