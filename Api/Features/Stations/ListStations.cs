using System.Globalization;
using Cms.Api.Features.Channels;
using Cms.Api.Infrastructure;
using FastEndpoints;

namespace Cms.Api.Features.Stations;

public sealed class ListStationsRequest : PageQuery
{
    public const string Route = "/stations";
}

public sealed class ListStationsValidator : Validator<ListStationsRequest>
{
    public ListStationsValidator() => Include(new PageQueryValidator());
}

public sealed class ListStationsEndpoint(StationRepository stations, ChannelRepository channels, CursorCodec cursors)
    : Endpoint<ListStationsRequest, Page<StationResponse>>
{
    const string Scope = "stations";

    public override void Configure()
    {
        Get(ListStationsRequest.Route);
        AllowAnonymous();
        Summary(s => s.Summary = "List stations in menu order, each with its channels");
    }

    public override async Task HandleAsync(ListStationsRequest req, CancellationToken ct)
    {
        if (!cursors.TryRead(req.Cursor, Scope, 2, out var after)) { await this.SendInvalidCursorAsync(ct); return; }

        var rows = await stations.ListAsync(
            after is null ? null : long.Parse(after[0], CultureInfo.InvariantCulture),
            after is null ? null : long.Parse(after[1], CultureInfo.InvariantCulture),
            req.PageSize + 1, ct);
        var channelsByStation = (await channels.ListForStationsAsync(rows.Select(r => r.Id).ToList(), ct)).ToLookup(c => c.StationId);

        await Send.OkAsync(Page.Of(rows, req.PageSize,
            r => StationResponse.From(r, channelsByStation[r.Id]),
            r => cursors.Encode(Scope, r.SortOrder.ToString(CultureInfo.InvariantCulture), r.Id.ToString(CultureInfo.InvariantCulture))), ct);
    }
}
