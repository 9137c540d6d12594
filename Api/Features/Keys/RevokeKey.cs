using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Keys;

public sealed class RevokeKeyRequest
{
    public const string Route = GetKeyRequest.Route;

    public long Id { get; set; }
}

public sealed class RevokeKeyEndpoint(ApiKeyRepository keys) : Endpoint<RevokeKeyRequest>
{
    public override void Configure()
    {
        Delete(RevokeKeyRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Revoke an API key at once (admin); a station-limited admin only keys within its stations; the last working unlimited admin key cannot be revoked");
        Description(b => b.Produces(204).ProducesProblems(403, 404, 409));
    }

    public override async Task HandleAsync(RevokeKeyRequest req, CancellationToken ct)
    {
        // A key's stations never change, so checking them before the revoking transaction is safe.
        if (await keys.FindAsync(req.Id, ct) is { } key && HttpContext.Caller()!.CannotManage(key.Id, key.StationIds) is { } refusal)
        {
            await this.SendProblemAsync(ProblemTypes.Forbidden, refusal, ct);
            return;
        }
        if (!await keys.RevokeAsync(req.Id, ct)) { await this.SendNotFoundAsync("active API key", req.Id, ct); return; }
        await Send.NoContentAsync(ct);
    }
}
