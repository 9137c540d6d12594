using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Channels;

/// <summary>The station and channel filters of a list or a sync, given by id or slug: their ids, or why each names
/// nothing (a filter naming nothing is an error, not an empty result).</summary>
public sealed record StationChannelFilter(long? StationId, long? ChannelId, string? StationError, string? ChannelError)
{
    public static async Task<StationChannelFilter> ResolveAsync(
        StationRepository stations, ChannelRepository channels, string? station, string? channel, CancellationToken ct)
    {
        long? stationId = null;
        string? stationError = null, channelError = null;
        if (station is not null)
        {
            stationId = (await stations.FindByKeyAsync(station, ct))?.Id;
            if (stationId is null) { stationError = $"No station has the id or slug '{Problems.Quote(station)}'."; }
        }
        if (channel is null) { return new(stationId, null, stationError, null); }

        var found = await channels.FindByKeyAsync(channel, stationId, ct);
        if (found is null)
        {
            channelError = long.TryParse(channel, out _) || stationId is not null
                ? $"No channel has the id or slug '{Problems.Quote(channel)}'{(stationId is null ? "" : " in this station")}."
                : "A channel slug is unique only within its station: add station, or use the channel id.";
        }
        else if (stationId is not null && found.StationId != stationId)
        {
            channelError = $"Channel {found.Id} belongs to station {found.StationId}, not to station {stationId}.";
        }
        return new(stationId, found?.Id, stationError, channelError);
    }
}
