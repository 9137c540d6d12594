using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Articles;

public sealed class ListTrashRequest : PageQuery
{
    public const string Route = "/articles/trash";
}

public sealed class ListTrashValidator : Validator<ListTrashRequest>
{
    public ListTrashValidator() => Include(new PageQueryValidator());
}

public sealed class ListTrashEndpoint(ArticleRepository articles, CursorCodec cursors, PublicUrls urls) : Endpoint<ListTrashRequest, Page<ArticleCardResponse>>
{
    const string Scope = "trash";

    public override void Configure()
    {
        Get(ListTrashRequest.Route);
        Roles(Caller.RoleName(KeyRole.Editor), Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Trashed articles, most recently trashed first (editors); POST /articles/{id}/restore brings one back");
        Description(b => b.ProducesProblems(403));
    }

    public override async Task HandleAsync(ListTrashRequest req, CancellationToken ct)
    {
        if (!cursors.TryRead(req.Cursor, Scope, 2, out var after)) { await this.SendInvalidCursorAsync(ct); return; }
        var caller = HttpContext.Caller()!;
        var rows = await articles.ListTrashAsync(caller.Stations,
            after is null ? null : new ArticlePosition(after[0], long.Parse(after[1], CultureInfo.InvariantCulture)), req.PageSize + 1, ct);
        var parts = await articles.LoadPartsAsync(rows.Take(req.PageSize).Select(r => r.Id).ToList(), ct);
        await Send.OkAsync(Page.Of(rows, req.PageSize, r => r.ToCard(parts, urls),
            r => cursors.Encode(Scope, r.TrashedAt!, r.Id.ToString(CultureInfo.InvariantCulture))), ct);
    }
}
