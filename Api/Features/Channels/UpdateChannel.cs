using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

public sealed class UpdateChannelRequest : ChannelInput
{
    public static UpdateChannelRequest From(ChannelRow row)
    {
        var request = new UpdateChannelRequest();
        request.CopyFrom(row);
        return request;
    }
}

public sealed class UpdateChannelValidator : ChannelInputValidator<UpdateChannelRequest>;

public sealed class UpdateChannelEndpoint(ChannelRepository channels) : Endpoint<UpdateChannelRequest, ChannelResponse>
{
    public override void Configure()
    {
        Put("/channels/{id:long}");
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Replace a channel's fields; it stays in its station (admin; If-Match required)");
        Description(b => b.ProducesProblems(403, 404, 409, 412, 428));
    }

    public override async Task HandleAsync(UpdateChannelRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RefuseOtherStationAsync(channels, id, ct)) { return; }
        if (await this.RequireIfMatchAsync("channel", ct) is not { } ifMatch) { return; }
        await this.SendChannelAsync(id, await channels.UpdateAsync(id, req.ToFields(), ifMatch, ct), ct);
    }
}

public sealed class PatchChannelEndpoint(ChannelRepository channels) : EndpointWithoutRequest<ChannelResponse>
{
    public override void Configure()
    {
        Patch("/channels/{id:long}");
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Change some of a channel's fields with a JSON Merge Patch (admin; If-Match required)");
        Description(b => b.Accepts<UpdateChannelRequest>(MergePatch.ContentType).ProducesProblems(400, 403, 404, 409, 412, 415, 428));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RequireIfMatchAsync("channel", ct) is not { } ifMatch) { return; }
        var current = await channels.FindAsync(id, ct);
        if (current is null) { await this.SendProblemAsync(404, $"No channel has the id {id}.", ct); return; }
        if (await this.RefuseOtherStationAsync(current.StationId, ct)) { return; }
        if (await this.ApplyAsync(UpdateChannelRequest.From(current), new UpdateChannelValidator(), ct) is not { } patched) { return; }
        await this.SendChannelAsync(id, await channels.UpdateAsync(id, patched.ToFields(), ifMatch, ct), ct);
    }
}

static class ChannelWrites
{
    /// <returns>True when the channel belongs to a station the caller may not work on and a 403 was sent.</returns>
    public static async Task<bool> RefuseOtherStationAsync(this IEndpoint ep, ChannelRepository channels, long id, CancellationToken ct) =>
        ep.HttpContext.Caller() is { Stations: not null } && await channels.FindAsync(id, ct) is { } channel
        && await ep.RefuseOtherStationAsync(channel.StationId, ct);

    public static async Task SendChannelAsync(this IEndpoint ep, long id, ChannelRow? channel, CancellationToken ct)
    {
        if (channel is null) { await ep.SendProblemAsync(404, $"No channel has the id {id}.", ct); return; }
        ep.SetVersion(channel.Version);
        await ep.HttpContext.Response.SendAsync(ChannelResponse.From(channel), cancellation: ct);
    }
}
