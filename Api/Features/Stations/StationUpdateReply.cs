using Cms.Api.Features.Channels;
using Cms.Api.Infrastructure;
using FastEndpoints;

namespace Cms.Api.Features.Stations;

static class StationUpdateReply
{
    public static async Task SendStationAsync(this IEndpoint ep, ChannelRepository channels, long id, StationRow? station, CancellationToken ct)
    {
        if (station is null) { await ep.SendNotFoundAsync("station", id, ct); return; }
        ep.SetVersion(station.Version);
        await ep.HttpContext.Response.SendAsync(StationResponse.From(station, await channels.ListForStationsAsync([station.Id], ct)), cancellation: ct);
    }
}
