using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Stations;

public sealed class DeleteStationRequest
{
    public long Id { get; set; }
}

public sealed class DeleteStationEndpoint(StationRepository stations) : Endpoint<DeleteStationRequest>
{
    public override void Configure()
    {
        Delete("/stations/{id:long}");
        Summary(s => s.Summary = "Delete a station that has no channels and no articles");
        Description(b => b.Produces(204).ProducesProblems(404, 409));
    }

    public override async Task HandleAsync(DeleteStationRequest req, CancellationToken ct)
    {
        if (!await stations.DeleteAsync(req.Id, ct)) { await this.SendProblemAsync(404, $"No station has the id {req.Id}.", ct); return; }
        await Send.NoContentAsync(ct);
    }
}
