using Cms.Api.Infrastructure.Auth;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

static class ChannelStationScope
{
    /// <returns>True when the channel belongs to a station the caller may not work on and a 403 was sent.</returns>
    public static async Task<bool> RefuseOtherStationAsync(this IEndpoint ep, ChannelRepository channels, long id, CancellationToken ct) =>
        ep.HttpContext.Caller() is { Stations: not null } && await channels.FindAsync(id, ct) is { } channel
        && await ep.RefuseOtherStationAsync(channel.StationId, ct);
}
