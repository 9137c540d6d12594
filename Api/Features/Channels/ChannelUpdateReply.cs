using Cms.Api.Infrastructure;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

static class ChannelUpdateReply
{
    public static async Task SendChannelAsync(this IEndpoint ep, long id, ChannelRow? channel, CancellationToken ct)
    {
        if (channel is null) { await ep.SendNotFoundAsync("channel", id, ct); return; }
        ep.SetVersion(channel.Version);
        await ep.HttpContext.Response.SendAsync(ChannelResponse.From(channel), cancellation: ct);
    }
}
