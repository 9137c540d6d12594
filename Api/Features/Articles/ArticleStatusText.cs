namespace Cms.Api.Features.Articles;

/// <summary>The one place an article's status meets its text: the words the status column stores, which revisions and
/// JSON show as they are.</summary>
public static class ArticleStatusText
{
    /// <summary>The statuses stored, as revisions show them.</summary>
    public static readonly IReadOnlyList<string> Stored = Enum.GetValues<ArticleLifecycleStatus>().Select(Of).ToList();

    /// <summary>The statuses responses show: a published article whose time is still to come is scheduled.</summary>
    public static readonly IReadOnlyList<string> Shown = ["draft", "scheduled", "published", "archived", "trashed"];

    public static string Of(ArticleLifecycleStatus status) => status switch
    {
        ArticleLifecycleStatus.Draft => "draft",
        ArticleLifecycleStatus.Published => "published",
        ArticleLifecycleStatus.Archived => "archived",
        ArticleLifecycleStatus.Trashed => "trashed",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static ArticleLifecycleStatus Parse(string text) => text switch
    {
        "draft" => ArticleLifecycleStatus.Draft,
        "published" => ArticleLifecycleStatus.Published,
        "archived" => ArticleLifecycleStatus.Archived,
        "trashed" => ArticleLifecycleStatus.Trashed,
        _ => throw new InvalidOperationException($"'{text}' is not a stored article status."),
    };

    public static ArticleLifecycleStatus? ParseNullable(string? text) => text is null ? null : Parse(text);
}
