using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

public sealed class UpdateChannelRequest : ChannelInput
{
    public const string Route = GetChannelRequest.Route;

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
        Put(UpdateChannelRequest.Route);
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
