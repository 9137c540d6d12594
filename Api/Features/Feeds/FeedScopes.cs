using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cms.Api.Features.Feeds;

/// <summary>What each feed holds, found from the keys in its URL: the same for every format of it. Null, with the
/// reason, when a key names nothing.</summary>
public sealed class FeedScopes(StationRepository stations, ChannelRepository channels, AuthorRepository authors, PublicUrls urls, IOptions<CmsOptions> options)
{
    public FeedScope Portal() => new(options.Value.SiteName, "所有站点的最新新闻", "articles", Articles(), "articles");

    public async Task<(FeedScope? Scope, string NotFound)> StationAsync(string key, CancellationToken ct)
    {
        var station = await stations.FindByKeyAsync(key, ct);
        return station is null
            ? (null, $"No station has the slug or id '{Problems.Quote(key)}'.")
            : (new FeedScope(station.Name, station.Description ?? station.Name, $"stations/{station.Slug}", Articles(stationId: station.Id),
                $"articles?station={Uri.EscapeDataString(station.Slug)}", station.UpdatedAt), "");
    }

    public async Task<(FeedScope? Scope, string NotFound)> ChannelAsync(string stationKey, string channelKey, CancellationToken ct)
    {
        var station = await stations.FindByKeyAsync(stationKey, ct);
        var channel = station is null ? null : await channels.FindByKeyAsync(channelKey, station.Id, ct);
        return station is null || channel is null || channel.StationId != station.Id
            ? (null, $"No channel '{Problems.Quote(channelKey)}' in a station '{Problems.Quote(stationKey)}'.")
            : (new FeedScope($"{station.Name} · {channel.Name}", $"{station.Name} > {channel.Name}",
                $"stations/{station.Slug}/channels/{channel.Slug}", Articles(channelId: channel.Id),
                $"articles?channel={channel.Id}", Later(station.UpdatedAt, channel.UpdatedAt)), "");
    }

    public async Task<(FeedScope? Scope, string NotFound)> AuthorAsync(string key, CancellationToken ct)
    {
        var author = await authors.FindByKeyAsync(key, ct);
        return author is null
            ? (null, $"No author has the slug or id '{Problems.Quote(key)}'.")
            : (new FeedScope(author.Name, author.Bio ?? author.Name, $"authors/{author.Slug}", Articles(authorId: author.Id),
                $"articles?author={Uri.EscapeDataString(author.Slug)}", author.UpdatedAt,
                author is { AvatarMediaId: { } avatar, AvatarSha256: { } sha } ? urls.MediaContent(avatar, sha) : null), "");
    }

    static string Later(string a, string b) => string.CompareOrdinal(a, b) >= 0 ? a : b;

    static ArticleQuery Articles(long? stationId = null, long? channelId = null, long? authorId = null) =>
        new(stationId, channelId, authorId, null, null, null, null, null, ArticleSort.PublishedDesc, IncludeDrafts: false);
}
