using System.ComponentModel;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Feeds;

public sealed class StationFeedRequest
{
    public const string Route = "/feeds/stations/{station}.{format}";

    [Description("Station slug or id, e.g. songyuan.")]
    public string Station { get; set; } = "";

    [Description("rss, atom or json.")]
    public FeedFormat Format { get; set; }
}

public sealed class StationFeedEndpoint(FeedWriter writer, StationRepository stations) : FeedEndpoint<StationFeedRequest>(writer)
{
    public override void Configure() => ConfigureFeed(StationFeedRequest.Route, "Feed of a station");

    public override async Task HandleAsync(StationFeedRequest req, CancellationToken ct)
    {
        var station = await stations.FindByKeyAsync(req.Station, ct);
        if (station is null) { await this.SendProblemAsync(ProblemTypes.NotFound, $"No station has the slug or id '{Problems.Quote(req.Station)}'.", ct); return; }
        await SendFeedAsync(new FeedScope(station.Name, station.Description ?? station.Name, $"stations/{station.Slug}",
            Articles(stationId: station.Id)), req.Format, ct);
    }
}
