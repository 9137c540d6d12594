using Cms.Api.Features.Channels;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Stations;

/// <summary>The part of a station that other resources embed: what an article's page shows of its station (the
/// breadcrumb, the news hotline).</summary>
public sealed record StationRef(
    long Id, string Slug, string Name,
    [property: System.ComponentModel.Description("News hotline shown on the station's pages, e.g. 0431-82902222.")] string? Hotline);

public sealed class StationResponse
{
    public required long Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required string? Description { get; init; }
    public required string? Hotline { get; init; }
    public required int SortOrder { get; init; }
    public required IReadOnlyList<ChannelResponse> Channels { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }

    [System.ComponentModel.Description("Changes with every write; the ETag carries it for If-Match.")]
    public required long Version { get; init; }

    public static StationResponse From(StationRow row, IEnumerable<ChannelRow> channels) => new()
    {
        Id = row.Id,
        Slug = row.Slug,
        Name = row.Name,
        Description = row.Description,
        Hotline = row.Hotline,
        SortOrder = (int)row.SortOrder,
        Channels = channels.Select(ChannelResponse.From).ToList(),
        CreatedAt = Timestamps.Parse(row.CreatedAt),
        UpdatedAt = Timestamps.Parse(row.UpdatedAt),
        Version = row.Version,
    };
}
