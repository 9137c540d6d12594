using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

public sealed class DeleteChannelRequest
{
    public const string Route = GetChannelRequest.Route;

    public long Id { get; set; }
}

public sealed class DeleteChannelEndpoint(ChannelRepository channels) : Endpoint<DeleteChannelRequest>
{
    public override void Configure()
    {
        Delete(DeleteChannelRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Delete a channel that has no articles (admin; If-Match required)");
        Description(b => b.Produces(204).ProducesProblems(403, 404, 409, 412, 428));
    }

    public override async Task HandleAsync(DeleteChannelRequest req, CancellationToken ct)
    {
        if (await this.RefuseOtherStationAsync(channels, req.Id, ct)) { return; }
        if (await this.RequireIfMatchAsync("channel", ct) is not { } ifMatch) { return; }
        if (!await channels.DeleteAsync(req.Id, ifMatch, ct)) { await this.SendNotFoundAsync("channel", req.Id, ct); return; }
        await Send.NoContentAsync(ct);
    }
}
