using System.ComponentModel;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Feeds;

public sealed class ChannelFeedRequest
{
    public const string Route = "/feeds/stations/{station}/channels/{channel}.{format}";

    [Description("Station slug or id, e.g. songyuan.")]
    public string Station { get; set; } = "";

    [Description("Channel slug (within the station) or id, e.g. yaowen.")]
    public string Channel { get; set; } = "";

    [Description("rss, atom or json.")]
    public FeedFormat Format { get; set; }
}

public sealed class ChannelFeedEndpoint(FeedWriter writer, StationRepository stations, ChannelRepository channels)
    : FeedEndpoint<ChannelFeedRequest>(writer)
{
    public override void Configure() => ConfigureFeed(ChannelFeedRequest.Route, "Feed of a channel");

    public override async Task HandleAsync(ChannelFeedRequest req, CancellationToken ct)
    {
        var station = await stations.FindByKeyAsync(req.Station, ct);
        var channel = station is null ? null : await channels.FindByKeyAsync(req.Channel, station.Id, ct);
        if (station is null || channel is null || channel.StationId != station.Id)
        {
            await this.SendProblemAsync(ProblemTypes.NotFound, $"No channel '{Problems.Quote(req.Channel)}' in a station '{Problems.Quote(req.Station)}'.", ct);
            return;
        }
        await SendFeedAsync(new FeedScope($"{station.Name} · {channel.Name}", $"{station.Name} > {channel.Name}",
            $"stations/{station.Slug}/channels/{channel.Slug}", Articles(channelId: channel.Id)), req.Format, ct);
    }
}
