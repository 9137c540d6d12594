using Cms.Api.Features.Media;

namespace Cms.Api.Features.Articles;

/// <summary>Settable properties, not a constructor: the card query's empty body column is a literal without a declared
/// type, which Dapper's constructor matching cannot map when a page comes back empty.</summary>
public sealed class ArticleRow
{
    public long Id { get; init; }
    public string Title { get; init; } = "";
    public string? Subtitle { get; init; }
    public string? Summary { get; init; }
    public string BodyHtml { get; init; } = "";
    public long StationId { get; init; }
    public string StationSlug { get; init; } = "";
    public string StationName { get; init; } = "";
    public string? StationHotline { get; init; }
    public long ChannelId { get; init; }
    public string ChannelSlug { get; init; } = "";
    public string ChannelName { get; init; } = "";
    /// <summary>As readers are told: the stored status, or "scheduled" for a published article whose time has not come.</summary>
    public string Status { get; init; } = "";

    public bool IsPublic => Status == ArticleStatusText.Of(ArticleLifecycleStatus.Published);
    public string? PublishedAt { get; init; }
    public string? Source { get; init; }
    public string? Credit { get; init; }
    public long? CoverMediaId { get; init; }
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";

    /// <summary>When the article last changed as readers see it: its last write, or its publish time when that is later
    /// (column changed_at, migration 0006). Queries that do not select it leave the last write.</summary>
    public string? ChangedAt { get; init; }

    public string VisibleChangeAt => string.IsNullOrEmpty(ChangedAt) ? UpdatedAt : ChangedAt;
    public string SortAt { get; init; } = "";
    public long Version { get; init; }
    public string? TrashedAt { get; init; }

    /// <summary>In the detail query only: when what the article shows of its station and channel last changed.</summary>
    public string? StationUpdatedAt { get; init; }

    public string? ChannelUpdatedAt { get; init; }

    /// <summary>In lists, the value the list is ordered by: a time as text, or a relevance score.</summary>
    public object? SortKey { get; init; }

    public string SortKeyText => SortKey switch
    {
        double score => score.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        null => SortAt,
        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? SortAt,
    };
}

public sealed record BylineRow(long ArticleId, long Position, long AuthorId, string AuthorSlug, string AuthorName, string Role, string AuthorUpdatedAt);

public sealed record TagRow(long ArticleId, long Position, string Tag);

public sealed record ArticleImageRow(long ArticleId, long Position, string? UseCaption, long MediaId);

/// <summary>What a list or an article's detail needs besides the article rows: bylines, tags and images, loaded for many
/// ids at once, and the portal's conventions for showing them (time zone, labels).</summary>
public sealed record ArticleParts(
    ILookup<long, BylineRow> Bylines, ILookup<long, TagRow> Tags, ILookup<long, ArticleImageRow> Images,
    IReadOnlyDictionary<long, MediaRow> Media)
{
    public PortalConventions Portal { get; init; } = PortalConventions.Default;
}

/// <summary>The articles row behind <see cref="ArticleState"/>, as the status column stores it.</summary>
public sealed record ArticleStateRow(long Id, long StationId, string Status, string? TrashedFrom, string? PublishedAt, long? CreatedByKeyId, long Version)
{
    public ArticleState ToState(IReadOnlyList<long> bylineAuthorIds) => new(
        Id, StationId, ArticleStatusText.Parse(Status), ArticleStatusText.ParseNullable(TrashedFrom), PublishedAt, CreatedByKeyId, Version)
    {
        BylineAuthorIds = bylineAuthorIds,
    };
}
