using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Maintenance;

/// <summary>Runs the integrity check on the live data directory (the same as the integrity command).</summary>
public sealed class GetIntegrityEndpoint(IntegrityCheck check) : EndpointWithoutRequest<IntegrityReport>
{
    public const string Route = "/integrity";

    public override void Configure()
    {
        Get(Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Tags("Maintenance");
        Summary(s => s.Summary = "Check the database and the media folder against each other (unlimited admin)");
        Description(b => b.ProducesProblems(403));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await this.RefuseIfLimitedAsync("run the integrity check, which covers every station", ct)) { return; }
        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.OkAsync(await check.RunAsync(ct), ct);
    }
}
