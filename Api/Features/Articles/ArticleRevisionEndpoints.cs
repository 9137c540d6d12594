using System.ComponentModel;
using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class RevisionSummary
{
    public required long Number { get; init; }
    public required DateTime CreatedAt { get; init; }

    [Description("create, update, publish, unpublish, archive, trash, restore, restore-revision-N, rename-tag or remove-tag.")]
    public required string Action { get; init; }

    [Description("The key that made the change, and the author it acts as.")]
    public required long? KeyId { get; init; }

    public required string? KeyName { get; init; }
    public required long? AuthorId { get; init; }

    public static RevisionSummary From(RevisionRow row) => new()
    {
        Number = row.Number, CreatedAt = Timestamps.Parse(row.CreatedAt), Action = row.Action,
        KeyId = row.KeyId, KeyName = row.KeyName, AuthorId = row.AuthorId,
    };
}

public sealed class RevisionResponse
{
    public required RevisionSummary Revision { get; init; }
    public required RevisionContent Content { get; init; }
}

public sealed class ListRevisionsRequest : PageQuery
{
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
        Get("/articles/{id:long}/revisions");
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

public sealed class RevisionRequest
{
    public long Id { get; set; }
    public long Number { get; set; }
}

public sealed class GetRevisionEndpoint(ArticleRepository articles) : Endpoint<RevisionRequest, RevisionResponse>
{
    public override void Configure()
    {
        Get("/articles/{id:long}/revisions/{number:long}");
        Summary(s => s.Summary = "One revision of an article with its full content");
        Description(b => b.ProducesProblems(403, 404));
    }

    public override async Task HandleAsync(RevisionRequest req, CancellationToken ct)
    {
        if (!await this.MayReadRevisionsAsync(articles, req.Id, ct)) { return; }
        var row = await articles.FindRevisionAsync(req.Id, req.Number, ct);
        if (row is null) { await this.SendProblemAsync(404, $"Article {req.Id} has no revision {req.Number}.", ct); return; }
        await Send.OkAsync(new RevisionResponse { Revision = RevisionSummary.From(row), Content = ArticleRevisions.Parse(row.Content) }, ct);
    }
}

public sealed class RestoreRevisionEndpoint(ArticleRepository articles, ArticleHtmlSanitizer sanitizer, PublicUrls urls, TimeProvider clock)
    : Endpoint<RevisionRequest, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{id:long}/revisions/{number:long}/restore");
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
        if (row is null) { await this.SendProblemAsync(404, $"Article {req.Id} has no revision {req.Number}.", ct); return; }
        var content = UpdateArticleRequest.From(ArticleRevisions.Parse(row.Content));
        (content.Status, content.PublishedAt) = (null, null);
        await this.ReplaceAsync(articles, sanitizer, urls, clock, req.Id, content, this.OptionalIfMatch(), $"restore-revision-{req.Number}", ct);
    }
}

static class RevisionAccess
{
    public static async Task<bool> MayReadRevisionsAsync(this IEndpoint ep, ArticleRepository articles, long id, CancellationToken ct)
    {
        if (await ep.FindStateAsync(articles, id, ct) is not { } state) { return false; }
        var caller = ep.HttpContext.Caller()!;
        return await ep.AllowedAsync(caller.CannotWriteIn(state.StationId)
                                     ?? (caller.AtLeast(KeyRole.Editor) || caller.Owns(state) ? null : $"Article {id} is not this key's own."), ct);
    }
}
