using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Channels;

/// <summary>The part of a channel that other resources embed (an article's breadcrumb).</summary>
public sealed record ChannelRef(long Id, string Slug, string Name);

public sealed class ChannelResponse
{
    public required long Id { get; init; }
    public required long StationId { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required int SortOrder { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }

    [System.ComponentModel.Description("Changes with every write; the ETag carries it for If-Match.")]
    public required long Version { get; init; }

    public static ChannelResponse From(ChannelRow row) => new()
    {
        Id = row.Id,
        StationId = row.StationId,
        Slug = row.Slug,
        Name = row.Name,
        SortOrder = (int)row.SortOrder,
        CreatedAt = Timestamps.Parse(row.CreatedAt),
        UpdatedAt = Timestamps.Parse(row.UpdatedAt),
        Version = row.Version,
    };
}
