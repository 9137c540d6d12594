using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Stations;

public sealed class CreateStationRequest : StationInput
{
    public const string Route = ListStationsRequest.Route;
}

public sealed class CreateStationValidator : StationInputValidator<CreateStationRequest>;

public sealed class CreateStationEndpoint(StationRepository stations) : Endpoint<CreateStationRequest, StationResponse>
{
    public override void Configure()
    {
        Post(CreateStationRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Create a station (admin)");
        Description(b => b.Produces<StationResponse>(201).ProducesProblems(403, 409));
    }

    public override async Task HandleAsync(CreateStationRequest req, CancellationToken ct)
    {
        if (await this.RefuseIfLimitedAsync("create stations", ct)) { return; }
        var station = await stations.CreateAsync(req.ToFields(), ct);
        this.SetVersion(station.Version);
        await Send.CreatedAtAsync<GetStationEndpoint>(new { id = station.Id }, StationResponse.From(station, []), cancellation: ct);
    }
}
