namespace Cms.Api.Features.Articles;

/// <summary>An article as access rules see it. Status is as stored: draft, published, archived or trashed.</summary>
public sealed record ArticleState(long Id, long StationId, string Status, string? TrashedFrom, string? PublishedAt, long? CreatedByKeyId, long Version)
{
    public IReadOnlyList<long> BylineAuthorIds { get; init; } = [];
}
