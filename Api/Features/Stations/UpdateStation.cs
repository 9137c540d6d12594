using Cms.Api.Features.Channels;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Stations;

public sealed class UpdateStationRequest : StationInput
{
    public static UpdateStationRequest From(StationRow row)
    {
        var request = new UpdateStationRequest();
        request.CopyFrom(row);
        return request;
    }
}

public sealed class UpdateStationValidator : StationInputValidator<UpdateStationRequest>;

public sealed class UpdateStationEndpoint(StationRepository stations, ChannelRepository channels)
    : Endpoint<UpdateStationRequest, StationResponse>
{
    public override void Configure()
    {
        Put("/stations/{id:long}");
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Replace a station's fields (admin; If-Match required)");
        Description(b => b.ProducesProblems(403, 404, 409, 412, 428));
    }

    public override async Task HandleAsync(UpdateStationRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RefuseOtherStationAsync(id, ct)) { return; }
        if (await this.RequireIfMatchAsync("station", ct) is not { } ifMatch) { return; }
        await this.SendStationAsync(channels, id, await stations.UpdateAsync(id, req.ToFields(), ifMatch, ct), ct);
    }
}

public sealed class PatchStationEndpoint(StationRepository stations, ChannelRepository channels) : EndpointWithoutRequest<StationResponse>
{
    public override void Configure()
    {
        Patch("/stations/{id:long}");
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
        if (current is null) { await this.SendProblemAsync(404, $"No station has the id {id}.", ct); return; }
        if (await this.ApplyAsync(UpdateStationRequest.From(current), new UpdateStationValidator(), ct) is not { } patched) { return; }
        await this.SendStationAsync(channels, id, await stations.UpdateAsync(id, patched.ToFields(), ifMatch, ct), ct);
    }
}

static class StationWrites
{
    public static async Task SendStationAsync(this IEndpoint ep, ChannelRepository channels, long id, StationRow? station, CancellationToken ct)
    {
        if (station is null) { await ep.SendProblemAsync(404, $"No station has the id {id}.", ct); return; }
        ep.SetVersion(station.Version);
        await ep.HttpContext.Response.SendAsync(StationResponse.From(station, await channels.ListForStationsAsync([station.Id], ct)), cancellation: ct);
    }
}
