using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Stations;

public sealed class DeleteStationRequest
{
    public const string Route = GetStationRequest.Route;

    public long Id { get; set; }
}

public sealed class DeleteStationEndpoint(StationRepository stations) : Endpoint<DeleteStationRequest>
{
    public override void Configure()
    {
        Delete(DeleteStationRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Delete a station that has no channels and no articles (admin; If-Match required)");
        Description(b => b.Produces(204).ProducesProblems(403, 404, 409, 412, 428));
    }

    public override async Task HandleAsync(DeleteStationRequest req, CancellationToken ct)
    {
        if (await this.RefuseOtherStationAsync(req.Id, ct)) { return; }
        if (await this.RequireIfMatchAsync("station", ct) is not { } ifMatch) { return; }
        if (!await stations.DeleteAsync(req.Id, ifMatch, ct)) { await this.SendNotFoundAsync("station", req.Id, ct); return; }
        await Send.NoContentAsync(ct);
    }
}
