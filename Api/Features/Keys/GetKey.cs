using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Keys;

public sealed class GetKeyRequest
{
    public const string Route = "/keys/{id:long}";

    public long Id { get; set; }
}

public sealed class GetKeyEndpoint(ApiKeyRepository keys) : Endpoint<GetKeyRequest, KeyResponse>
{
    public override void Configure()
    {
        Get(GetKeyRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Get an API key's settings and last use (admin); never the key itself");
        Description(b => b.ProducesProblems(403, 404));
    }

    public override async Task HandleAsync(GetKeyRequest req, CancellationToken ct)
    {
        var key = await keys.FindAsync(req.Id, ct);
        if (key is null) { await this.SendNotFoundAsync("API key", req.Id, ct); return; }
        if (HttpContext.Caller()!.CannotManage(key.Id, key.StationIds) is { } refusal)
        {
            await this.SendProblemAsync(ProblemTypes.Forbidden, refusal, ct);
            return;
        }
        await Send.OkAsync(KeyResponse.From(key), ct);
    }
}
