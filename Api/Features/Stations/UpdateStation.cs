using Cms.Api.Features.Channels;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Stations;

public sealed class UpdateStationRequest : StationInput
{
    public const string Route = GetStationRequest.Route;

    public static UpdateStationRequest From(StationRow row)
    {
        var request = new UpdateStationRequest();
        request.CopyFrom(row);
        return request;
    }
}

public sealed class UpdateStationValidator : StationInputValidator<UpdateStationRequest>;

public sealed class UpdateStationEndpoint(StationRepository stations, ChannelRepository channels)
    : Endpoint<UpdateStationRequest, StationResponse>
{
    public override void Configure()
    {
        Put(UpdateStationRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Replace a station's fields (admin; If-Match required)");
        Description(b => b.ProducesProblems(403, 404, 409, 412, 428));
    }

    public override async Task HandleAsync(UpdateStationRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RefuseOtherStationAsync(id, ct)) { return; }
        if (await this.RequireIfMatchAsync("station", ct) is not { } ifMatch) { return; }
        await this.SendStationAsync(channels, id, await stations.UpdateAsync(id, req.ToFields(), ifMatch, ct), ct);
    }
}
