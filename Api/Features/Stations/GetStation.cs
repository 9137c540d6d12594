using Cms.Api.Features.Channels;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Stations;

public sealed class GetStationRequest
{
    public const string Route = "/stations/{id:long}";

    public long Id { get; set; }
}

public sealed class GetStationEndpoint(StationRepository stations, ChannelRepository channels)
    : Endpoint<GetStationRequest, StationResponse>
{
    public override void Configure()
    {
        Get(GetStationRequest.Route);
        AllowAnonymous();
        Summary(s => s.Summary = "Get a station with its channels (a site menu in one call)");
        Description(b => b.ProducesProblems(404));
    }

    public override async Task HandleAsync(GetStationRequest req, CancellationToken ct)
    {
        var station = await stations.FindAsync(req.Id, ct);
        if (station is null) { await this.SendNotFoundAsync("station", req.Id, ct); return; }
        this.SetVersion(station.Version);
        await Send.OkAsync(StationResponse.From(station, await channels.ListForStationsAsync([station.Id], ct)), ct);
    }
}
