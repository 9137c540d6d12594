using System.ComponentModel;

namespace Cms.Api.Features.Feeds;

public sealed class ChannelJsonFeedRequest : FeedPageRequest
{
    public const string Route = "/feeds/stations/{station}/channels/{channel}.json";

    [Description("Station slug or id, e.g. songyuan.")]
    public string Station { get; set; } = "";

    [Description("Channel slug (within the station) or id, e.g. yaowen.")]
    public string Channel { get; set; } = "";
}

public sealed class ChannelJsonFeedEndpoint(FeedWriter writer, FeedScopes scopes) : FeedEndpoint<ChannelJsonFeedRequest>(writer)
{
    public override void Configure() => ConfigureJsonFeed(ChannelJsonFeedRequest.Route, "JSON Feed of a channel");

    public override async Task HandleAsync(ChannelJsonFeedRequest req, CancellationToken ct) =>
        await SendFeedAsync(await scopes.ChannelAsync(req.Station, req.Channel, ct), FeedFormat.Json, req, ct);
}
