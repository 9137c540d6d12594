using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Keys;

public sealed class ListKeysRequest : PageQuery
{
    public const string Route = "/keys";
}

public sealed class ListKeysValidator : Validator<ListKeysRequest>
{
    public ListKeysValidator() => Include(new PageQueryValidator());
}

public sealed class ListKeysEndpoint(ApiKeyRepository keys, CursorCodec cursors) : Endpoint<ListKeysRequest, Page<KeyResponse>>
{
    const string Scope = "keys";

    public override void Configure()
    {
        Get(ListKeysRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "List API keys, newest first, with prefix, role, scope, last use and expiry (admin; a station-limited admin sees only keys within its stations)");
        Description(b => b.ProducesProblems(403));
    }

    public override async Task HandleAsync(ListKeysRequest req, CancellationToken ct)
    {
        if (!cursors.TryRead(req.Cursor, Scope, 1, out var before)) { await this.SendInvalidCursorAsync(ct); return; }
        var rows = await keys.ListAsync(before is null ? null : long.Parse(before[0], CultureInfo.InvariantCulture), req.PageSize + 1, HttpContext.Caller()!.Stations, ct);
        await Send.OkAsync(Page.Of(rows, req.PageSize, KeyResponse.From, r => cursors.Encode(Scope, r.Id.ToString(CultureInfo.InvariantCulture))), ct);
    }
}
