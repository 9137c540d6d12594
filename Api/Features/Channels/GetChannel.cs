using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

public sealed class GetChannelRequest
{
    public const string Route = "/channels/{id:long}";

    public long Id { get; set; }
}

public sealed class GetChannelEndpoint(ChannelRepository channels) : Endpoint<GetChannelRequest, ChannelResponse>
{
    public override void Configure()
    {
        Get(GetChannelRequest.Route);
        AllowAnonymous();
        Summary(s => s.Summary = "Get a channel");
        Description(b => b.ProducesProblems(404));
    }

    public override async Task HandleAsync(GetChannelRequest req, CancellationToken ct)
    {
        var channel = await channels.FindAsync(req.Id, ct);
        if (channel is null) { await this.SendNotFoundAsync("channel", req.Id, ct); return; }
        this.SetVersion(channel.Version);
        await Send.OkAsync(ChannelResponse.From(channel), ct);
    }
}
