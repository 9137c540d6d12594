using System.ComponentModel;

namespace Cms.Api.Features.Feeds;

public sealed class StationFeedRequest : FeedPageRequest
{
    public const string Route = "/feeds/stations/{station}.{format}";

    [Description("Station slug or id, e.g. songyuan.")]
    public string Station { get; set; } = "";

    [Description("rss, atom or json.")]
    public FeedFormat Format { get; set; }
}

public sealed class StationFeedEndpoint(FeedWriter writer, FeedScopes scopes) : FeedEndpoint<StationFeedRequest>(writer)
{
    public override void Configure() => ConfigureFeed(StationFeedRequest.Route, "Feed of a station");

    public override async Task HandleAsync(StationFeedRequest req, CancellationToken ct) =>
        await SendFeedAsync(await scopes.StationAsync(req.Station, ct), req.Format, req, ct);
}
