using static Cms.Api.Features.Articles.ArticleAction;
using static Cms.Api.Features.Articles.ArticleLifecycleStatus;

namespace Cms.Api.Features.Articles;

/// <summary>Where an article stands, as stored. A published article whose time has not come is still Published here;
/// readers are told "scheduled". (<see cref="ArticleStatus"/> is the narrower choice a write may ask for.)</summary>
public enum ArticleLifecycleStatus { Draft, Published, Archived, Trashed }

/// <summary>A move through the lifecycle that is not an edit of the content; each has its own endpoint.</summary>
public enum ArticleAction { Publish, Unpublish, Archive, Trash, Restore }

/// <summary>Every move an article can make. A move missing from the table is refused with 409.</summary>
public static class ArticleLifecycle
{
    /// <summary>Restore has no fixed target: it goes back to where the article was when it was trashed (null here).</summary>
    static readonly Dictionary<(ArticleLifecycleStatus From, ArticleAction Action), ArticleLifecycleStatus?> Moves = new()
    {
        [(Draft, Publish)] = Published,
        [(Published, Publish)] = Published,
        [(Archived, Publish)] = Published,
        [(Published, Unpublish)] = Draft,
        [(Draft, Archive)] = Archived,
        [(Published, Archive)] = Archived,
        [(Draft, Trash)] = Trashed,
        [(Published, Trash)] = Trashed,
        [(Archived, Trash)] = Trashed,
        [(Trashed, Restore)] = null,
    };

    public static bool Allows(ArticleLifecycleStatus from, ArticleAction action) => Moves.ContainsKey((from, action));

    /// <returns>Where the move leads, or null when it is not allowed from <paramref name="from"/>.</returns>
    public static ArticleLifecycleStatus? Next(ArticleLifecycleStatus from, ArticleAction action, ArticleLifecycleStatus? trashedFrom) =>
        !Moves.TryGetValue((from, action), out var to) ? null
        : to ?? trashedFrom ?? throw new InvalidOperationException("A trashed article remembers the status it had before.");

    /// <summary>The action as revisions record it: publish, unpublish, archive, trash, restore.</summary>
    public static string Name(ArticleAction action) => action.ToString().ToLowerInvariant();

    /// <summary>For "it cannot be archived from there".</summary>
    public static string PastTense(ArticleAction action) => action switch
    {
        Publish => "published",
        Unpublish => "unpublished",
        Archive => "archived",
        Trash => "trashed",
        Restore => "restored",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
