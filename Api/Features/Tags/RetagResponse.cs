using System.ComponentModel;

namespace Cms.Api.Features.Tags;

/// <summary>What renaming or removing a tag changed.</summary>
public sealed class RetagResponse
{
    public required string Tag { get; init; }

    [Description("The new name; null when the tag was removed.")]
    public required string? RenamedTo { get; init; }

    [Description("The articles that changed (each has a new version and revision).")]
    public required IReadOnlyList<long> ArticleIds { get; init; }
}
