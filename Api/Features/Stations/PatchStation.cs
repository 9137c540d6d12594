using Cms.Api.Features.Channels;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Stations;

public sealed class PatchStationEndpoint(StationRepository stations, ChannelRepository channels) : EndpointWithoutRequest<StationResponse>
{
    public const string Route = UpdateStationRequest.Route;

    public override void Configure()
    {
        Patch(Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Change some of a station's fields with a JSON Merge Patch (admin; If-Match required)");
        Description(b => b.Accepts<UpdateStationRequest>(MergePatch.ContentType).ProducesProblems(400, 403, 404, 409, 412, 415, 428));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RefuseOtherStationAsync(id, ct)) { return; }
        if (await this.RequireIfMatchAsync("station", ct) is not { } ifMatch) { return; }
        var current = await stations.FindAsync(id, ct);
        if (current is null) { await this.SendNotFoundAsync("station", id, ct); return; }
        if (await this.ApplyAsync(UpdateStationRequest.From(current), new UpdateStationValidator(), ct) is not { } patched) { return; }
        await this.SendStationAsync(channels, id, await stations.UpdateAsync(id, patched.ToFields(), ifMatch, ct), ct);
    }
}
