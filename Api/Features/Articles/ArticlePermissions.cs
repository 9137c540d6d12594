using Cms.Api.Infrastructure.Auth;

namespace Cms.Api.Features.Articles;

/// <summary>Who may do what to an article. Contributors write drafts of their own; authors also publish their own;
/// editors and admins handle any article; every key stays within its stations. Each check returns why not, or null.</summary>
public static class ArticlePermissions
{
    /// <summary>An article is a key's own when the key created it or its author is in the bylines.</summary>
    public static bool Owns(this Caller caller, ArticleState article) =>
        article.CreatedByKeyId == caller.KeyId || (caller.AuthorId is { } author && article.BylineAuthorIds.Contains(author));

    /// <summary>Choosing an article's id is for imports: editors and admins.</summary>
    public static string? CannotChooseId(this Caller caller, long? id) =>
        id is null || caller.AtLeast(KeyRole.Editor) ? null : "Only editors and admins choose an article's id (for imports); leave id out.";

    public static string? CannotWriteIn(this Caller caller, long stationId) =>
        caller.MayUseStation(stationId) ? null : $"This key may not work on station {stationId}.";

    public static string? CannotPublish(this Caller caller, ArticleState? article) =>
        !caller.AtLeast(KeyRole.Author) ? "Contributors cannot publish, schedule or set publish times; an author or editor can."
        : !caller.AtLeast(KeyRole.Editor) && article is not null && !caller.Owns(article) ? $"Article {article.Id} is not this key's own; an editor can publish it."
        : null;

    public static string? CannotEdit(this Caller caller, ArticleState article) =>
        caller.CannotWriteIn(article.StationId)
        ?? (caller.AtLeast(KeyRole.Editor) ? null
            : !caller.Owns(article) ? $"Article {article.Id} is not this key's own; an editor can change it."
            : caller.Role == KeyRole.Contributor && article.Status != ArticleLifecycleStatus.Draft ? $"Article {article.Id} is no longer a draft; contributors change only unpublished articles."
            : null);

    /// <summary>Replacing the content with <paramref name="fields"/>: the article's edit rights, the station it goes to,
    /// publishing when the status or publish time changes, and the bylines it is signed with.</summary>
    public static string? CannotReplace(this Caller caller, ArticleState article, ArticleFields fields) =>
        caller.CannotEdit(article)
        ?? caller.CannotWriteIn(fields.StationId)
        ?? (fields.Status != article.Status || fields.PublishedAt != article.PublishedAt ? caller.CannotPublish(article) : null)
        ?? caller.CannotSign(fields.Bylines.Select(b => b.AuthorId));

    /// <summary>Moving to the trash: editors any article, others their own drafts.</summary>
    public static string? CannotTrash(this Caller caller, ArticleState article) =>
        caller.CannotWriteIn(article.StationId)
        ?? (caller.AtLeast(KeyRole.Editor) ? null
            : !caller.Owns(article) ? $"Article {article.Id} is not this key's own; an editor can delete it."
            : article.Status != ArticleLifecycleStatus.Draft ? $"Article {article.Id} is no longer a draft; an editor can delete it."
            : null);

    /// <summary>Removing for good, revisions and all: admins only.</summary>
    public static string? CannotPurge(this Caller caller, ArticleState article) =>
        caller.AtLeast(KeyRole.Admin) ? caller.CannotWriteIn(article.StationId) : "Only admins remove articles for good.";

    /// <summary>Revisions show who changed what: editors read any article's, others their own articles'.</summary>
    public static string? CannotReadRevisions(this Caller caller, ArticleState article) =>
        caller.CannotWriteIn(article.StationId)
        ?? (caller.AtLeast(KeyRole.Editor) || caller.Owns(article) ? null : $"Article {article.Id} is not this key's own.");

    /// <summary>The trash is for editors and admins, within their stations; to anyone else a trashed article does not exist.</summary>
    public static bool MaySeeTrash(this Caller caller, long stationId) => caller.AtLeast(KeyRole.Editor) && caller.MayUseStation(stationId);

    /// <summary>Any key reads a public article; one that is not public only within the key's stations.</summary>
    public static string? CannotRead(this Caller caller, ArticleRow article) =>
        article.IsPublic || caller.MayUseStation(article.StationId) ? null
        : $"Article {article.Id} is not public and this key may not work on station {article.StationId}.";

    /// <summary>Contributors and authors who act as an author write under their own name: bylines they set must include it.</summary>
    public static string? CannotSign(this Caller caller, IEnumerable<long> bylineAuthors)
    {
        if (caller.AtLeast(KeyRole.Editor) || caller.AuthorId is not { } own) { return null; }
        var authors = bylineAuthors.ToList();
        return authors.Count == 0 || authors.Contains(own) ? null
            : $"Articles written with this key carry its author's byline (author {own}); add it to the bylines.";
    }

    public static string? CannotManage(this Caller caller) =>
        caller.AtLeast(KeyRole.Editor) ? null : "Only editors and admins can do this.";
}
