using System.ComponentModel;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Feeds;

public sealed class StationFeedRequest
{
    [Description("Station slug or id, e.g. songyuan.")]
    public string Station { get; set; } = "";

    [Description("rss, atom or json.")]
    public FeedFormat Format { get; set; }
}

public sealed class StationFeedEndpoint(FeedWriter writer, StationRepository stations) : FeedEndpoint<StationFeedRequest>(writer)
{
    public override void Configure() => Route("/feeds/stations/{station}.{format}", "Feed of a station");

    public override async Task HandleAsync(StationFeedRequest req, CancellationToken ct)
    {
        var station = await stations.FindByKeyAsync(req.Station, ct);
        if (station is null) { await this.SendProblemAsync(404, $"No station has the slug or id '{Problems.Quote(req.Station)}'.", ct); return; }
        await SendFeedAsync(new FeedScope(station.Name, station.Description ?? station.Name, $"stations/{station.Slug}",
            Articles(stationId: station.Id)), req.Format, ct);
    }
}

public sealed class ChannelFeedRequest
{
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
    public override void Configure() => Route("/feeds/stations/{station}/channels/{channel}.{format}", "Feed of a channel");

    public override async Task HandleAsync(ChannelFeedRequest req, CancellationToken ct)
    {
        var station = await stations.FindByKeyAsync(req.Station, ct);
        var channel = station is null ? null : await channels.FindByKeyAsync(req.Channel, station.Id, ct);
        if (station is null || channel is null || channel.StationId != station.Id)
        {
            await this.SendProblemAsync(404, $"No channel '{Problems.Quote(req.Channel)}' in a station '{Problems.Quote(req.Station)}'.", ct);
            return;
        }
        await SendFeedAsync(new FeedScope($"{station.Name} · {channel.Name}", $"{station.Name} > {channel.Name}",
            $"stations/{station.Slug}/channels/{channel.Slug}", Articles(channelId: channel.Id)), req.Format, ct);
    }
}

public sealed class AuthorFeedRequest
{
    [Description("Author slug or id, e.g. li-xue.")]
    public string Author { get; set; } = "";

    [Description("rss, atom or json.")]
    public FeedFormat Format { get; set; }
}

public sealed class AuthorFeedEndpoint(FeedWriter writer, AuthorRepository authors) : FeedEndpoint<AuthorFeedRequest>(writer)
{
    public override void Configure() => Route("/feeds/authors/{author}.{format}", "Feed of an author's articles");

    public override async Task HandleAsync(AuthorFeedRequest req, CancellationToken ct)
    {
        var author = await authors.FindByKeyAsync(req.Author, ct);
        if (author is null) { await this.SendProblemAsync(404, $"No author has the slug or id '{Problems.Quote(req.Author)}'.", ct); return; }
        await SendFeedAsync(new FeedScope(author.Name, author.Bio ?? author.Name, $"authors/{author.Slug}",
            Articles(authorId: author.Id)), req.Format, ct);
    }
}
