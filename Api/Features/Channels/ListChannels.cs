using System.Globalization;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Channels;

public sealed class ListChannelsRequest : PageQuery
{
    public const string Route = "/stations/{stationId:long}/channels";

    public long StationId { get; set; }
}

public sealed class ListChannelsValidator : Validator<ListChannelsRequest>
{
    public ListChannelsValidator() => Include(new PageQueryValidator());
}

public sealed class ListChannelsEndpoint(StationRepository stations, ChannelRepository channels, CursorCodec cursors)
    : Endpoint<ListChannelsRequest, Page<ChannelResponse>>
{
    public override void Configure()
    {
        Get(ListChannelsRequest.Route);
        AllowAnonymous();
        Summary(s => s.Summary = "List a station's channels in menu order");
        Description(b => b.ProducesProblems(404));
    }

    public override async Task HandleAsync(ListChannelsRequest req, CancellationToken ct)
    {
        var scope = $"channels:{req.StationId}";
        if (!cursors.TryRead(req.Cursor, scope, 2, out var after)) { await this.SendInvalidCursorAsync(ct); return; }
        var rows = await channels.ListAsync(req.StationId,
            after is null ? null : long.Parse(after[0], CultureInfo.InvariantCulture),
            after is null ? null : long.Parse(after[1], CultureInfo.InvariantCulture),
            req.PageSize + 1, ct);
        // A channel proves its station exists (foreign key): only an empty page needs to look.
        if (rows.Count == 0 && await stations.FindAsync(req.StationId, ct) is null)
        {
            await this.SendNotFoundAsync("station", req.StationId, ct);
            return;
        }
        await Send.OkAsync(Page.Of(rows, req.PageSize, ChannelResponse.From,
            r => cursors.Encode(scope, r.SortOrder.ToString(CultureInfo.InvariantCulture), r.Id.ToString(CultureInfo.InvariantCulture))), ct);
    }
}
