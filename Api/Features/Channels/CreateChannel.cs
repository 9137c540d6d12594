using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

public sealed class CreateChannelRequest : ChannelInput
{
    public const string Route = ListChannelsRequest.Route;
}

public sealed class CreateChannelValidator : ChannelInputValidator<CreateChannelRequest>;

public sealed class CreateChannelEndpoint(StationRepository stations, ChannelRepository channels)
    : Endpoint<CreateChannelRequest, ChannelResponse>
{
    public override void Configure()
    {
        Post(CreateChannelRequest.Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Summary(s => s.Summary = "Create a channel in a station (admin)");
        Description(b => b.Produces<ChannelResponse>(201).ProducesProblems(403, 404, 409));
    }

    public override async Task HandleAsync(CreateChannelRequest req, CancellationToken ct)
    {
        var stationId = Route<long>("stationId");
        if (await this.RefuseOtherStationAsync(stationId, ct)) { return; }
        if (await stations.FindAsync(stationId, ct) is null)
        {
            await this.SendNotFoundAsync("station", stationId, ct);
            return;
        }
        var channel = await channels.CreateAsync(stationId, req.ToFields(), ct);
        this.SetVersion(channel.Version);
        await Send.CreatedAtAsync<GetChannelEndpoint>(new { id = channel.Id }, ChannelResponse.From(channel), cancellation: ct);
    }
}
