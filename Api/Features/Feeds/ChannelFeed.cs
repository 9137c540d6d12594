using System.ComponentModel;

namespace Cms.Api.Features.Feeds;

public sealed class ChannelFeedRequest : FeedPageRequest
{
    public const string Route = "/feeds/stations/{station}/channels/{channel}.{format}";

    [Description("Station slug or id, e.g. songyuan.")]
    public string Station { get; set; } = "";

    [Description("Channel slug (within the station) or id, e.g. yaowen.")]
    public string Channel { get; set; } = "";

    [Description("rss, atom or json.")]
    public FeedFormat Format { get; set; }
}

public sealed class ChannelFeedEndpoint(FeedWriter writer, FeedScopes scopes) : FeedEndpoint<ChannelFeedRequest>(writer)
{
    public override void Configure() => ConfigureFeed(ChannelFeedRequest.Route, "Feed of a channel");

    public override async Task HandleAsync(ChannelFeedRequest req, CancellationToken ct) =>
        await SendFeedAsync(await scopes.ChannelAsync(req.Station, req.Channel, ct), req.Format, req, ct);
}
