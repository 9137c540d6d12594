using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

public sealed class UpdateChannelRequest : ChannelInput;

public sealed class UpdateChannelValidator : ChannelInputValidator<UpdateChannelRequest>;

public sealed class UpdateChannelEndpoint(ChannelRepository channels) : Endpoint<UpdateChannelRequest, ChannelResponse>
{
    public override void Configure()
    {
        Put("/channels/{id:long}");
        Summary(s => s.Summary = "Replace a channel's fields (it stays in its station)");
        Description(b => b.ProducesProblems(404, 409));
    }

    public override async Task HandleAsync(UpdateChannelRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        var channel = await channels.UpdateAsync(id, req.ToFields(), ct);
        if (channel is null) { await this.SendProblemAsync(404, $"No channel has the id {id}.", ct); return; }
        await Send.OkAsync(ChannelResponse.From(channel), ct);
    }
}
