using System.Globalization;
using Cms.Api.Infrastructure;
using FastEndpoints;

namespace Cms.Api.Features.Media;

public sealed class ListMediaRequest : PageQuery;

public sealed class ListMediaValidator : Validator<ListMediaRequest>
{
    public ListMediaValidator() => Include(new PageQueryValidator());
}

public sealed class ListMediaEndpoint(MediaRepository media, CursorCodec cursors, PublicUrls urls)
    : Endpoint<ListMediaRequest, Page<MediaResponse>>
{
    const string Scope = "media";

    public override void Configure()
    {
        Get("/media");
        AllowAnonymous();
        Summary(s => s.Summary = "List media, newest first");
    }

    public override async Task HandleAsync(ListMediaRequest req, CancellationToken ct)
    {
        if (!cursors.TryRead(req.Cursor, Scope, 1, out var before)) { await this.SendInvalidCursorAsync(ct); return; }

        var rows = await media.ListAsync(before is null ? null : long.Parse(before[0], CultureInfo.InvariantCulture), req.PageSize + 1, ct);
        await Send.OkAsync(Page.Of(rows, req.PageSize, r => MediaResponse.From(r, urls),
            r => cursors.Encode(Scope, r.Id.ToString(CultureInfo.InvariantCulture))), ct);
    }
}
