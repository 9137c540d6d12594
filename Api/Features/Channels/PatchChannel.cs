using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

public sealed class PatchChannelEndpoint(ChannelRepository channels) : EndpointWithoutRequest<ChannelResponse>
{
    public const string Route = UpdateChannelRequest.Route;

    public override void Configure()
    {
        Patch(Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Change some of a channel's fields with a JSON Merge Patch (admin; If-Match required)");
        Description(b => b.Accepts<UpdateChannelRequest>(MergePatch.ContentType).ProducesProblems(400, 403, 404, 409, 412, 415, 428));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RequireIfMatchAsync("channel", ct) is not { } ifMatch) { return; }
        var current = await channels.FindAsync(id, ct);
        if (current is null) { await this.SendNotFoundAsync("channel", id, ct); return; }
        if (await this.RefuseOtherStationAsync(current.StationId, ct)) { return; }
        if (await this.ApplyAsync(UpdateChannelRequest.From(current), new UpdateChannelValidator(), ct) is not { } patched) { return; }
        await this.SendChannelAsync(id, await channels.UpdateAsync(id, patched.ToFields(), ifMatch, ct), ct);
    }
}
