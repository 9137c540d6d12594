using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Authors;

public sealed class ListAuthorsRequest : PageQuery
{
    public const string Route = "/authors";
}

public sealed class ListAuthorsValidator : Validator<ListAuthorsRequest>
{
    public ListAuthorsValidator() => Include(new PageQueryValidator());
}

public sealed class ListAuthorsEndpoint(AuthorRepository authors, CursorCodec cursors, PublicUrls urls)
    : Endpoint<ListAuthorsRequest, Page<AuthorResponse>>
{
    const string Scope = "authors";

    public override void Configure()
    {
        Get(ListAuthorsRequest.Route);
        AllowAnonymous();
        Summary(s => s.Summary = "List authors, oldest first");
    }

    public override async Task HandleAsync(ListAuthorsRequest req, CancellationToken ct)
    {
        if (!cursors.TryRead(req.Cursor, Scope, 1, out var after)) { await this.SendInvalidCursorAsync(ct); return; }

        var rows = await authors.ListAsync(after is null ? null : long.Parse(after[0], CultureInfo.InvariantCulture), req.PageSize + 1, ct);
        var withPrivate = HttpContext.Caller()?.AtLeast(KeyRole.Editor) == true;
        await Send.OkAsync(Page.Of(rows, req.PageSize, r => AuthorResponse.From(r, urls, withPrivate),
            r => cursors.Encode(Scope, r.Id.ToString(CultureInfo.InvariantCulture))), ct);
    }
}
