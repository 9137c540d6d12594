namespace Cms.Api.Features.Articles;

/// <summary>An article as access rules and lifecycle moves see it.</summary>
public sealed record ArticleState(
    long Id, long StationId, ArticleLifecycleStatus Status, ArticleLifecycleStatus? TrashedFrom, string? PublishedAt, long? CreatedByKeyId,
    long Version)
{
    public IReadOnlyList<long> BylineAuthorIds { get; init; } = [];
}
