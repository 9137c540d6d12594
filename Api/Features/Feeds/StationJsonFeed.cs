using System.ComponentModel;

namespace Cms.Api.Features.Feeds;

public sealed class StationJsonFeedRequest : FeedPageRequest
{
    public const string Route = "/feeds/stations/{station}.json";

    [Description("Station slug or id, e.g. songyuan.")]
    public string Station { get; set; } = "";
}

public sealed class StationJsonFeedEndpoint(FeedWriter writer, FeedScopes scopes) : FeedEndpoint<StationJsonFeedRequest>(writer)
{
    public override void Configure() => ConfigureJsonFeed(StationJsonFeedRequest.Route, "JSON Feed of a station");

    public override async Task HandleAsync(StationJsonFeedRequest req, CancellationToken ct) =>
        await SendFeedAsync(await scopes.StationAsync(req.Station, ct), FeedFormat.Json, req, ct);
}
