using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

public sealed class DeleteChannelRequest
{
    public long Id { get; set; }
}

public sealed class DeleteChannelEndpoint(ChannelRepository channels) : Endpoint<DeleteChannelRequest>
{
    public override void Configure()
    {
        Delete("/channels/{id:long}");
        Summary(s => s.Summary = "Delete a channel that has no articles");
        Description(b => b.Produces(204).ProducesProblems(404, 409));
    }

    public override async Task HandleAsync(DeleteChannelRequest req, CancellationToken ct)
    {
        if (!await channels.DeleteAsync(req.Id, ct)) { await this.SendProblemAsync(404, $"No channel has the id {req.Id}.", ct); return; }
        await Send.NoContentAsync(ct);
    }
}
