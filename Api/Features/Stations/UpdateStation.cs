using Cms.Api.Features.Channels;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Stations;

public sealed class UpdateStationRequest : StationInput;

public sealed class UpdateStationValidator : StationInputValidator<UpdateStationRequest>;

public sealed class UpdateStationEndpoint(StationRepository stations, ChannelRepository channels)
    : Endpoint<UpdateStationRequest, StationResponse>
{
    public override void Configure()
    {
        Put("/stations/{id:long}");
        Summary(s => s.Summary = "Replace a station's fields");
        Description(b => b.ProducesProblems(404, 409));
    }

    public override async Task HandleAsync(UpdateStationRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        var station = await stations.UpdateAsync(id, req.ToFields(), ct);
        if (station is null) { await this.SendProblemAsync(404, $"No station has the id {id}.", ct); return; }
        await Send.OkAsync(StationResponse.From(station, await channels.ListForStationsAsync([station.Id], ct)), ct);
    }
}
