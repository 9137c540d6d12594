using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Articles;

/// <summary>The index rows (table article_facets) that let a tag's or an author's list walk an index in sort order: one
/// per tag and byline author of an article, keyed "tag:…" or "author:…". They copy the article's status and sort keys, so
/// they are rewritten from the article inside each of its write transactions.</summary>
public static class ArticleIndexRows
{
    /// <summary>Latin letters fold to lowercase (as SQLite's lower() does), so a tag matches in any case.</summary>
    public static string TagKey(string tag) => "tag:" + string.Concat(tag.Trim().Select(ch => ch is >= 'A' and <= 'Z' ? (char)(ch + 32) : ch));

    public static string AuthorKey(long authorId) => "author:" + authorId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    const string Delete = "DELETE FROM article_facets WHERE article_id = @id";

    const string InsertFacet = """
        INSERT OR IGNORE INTO article_facets (facet, article_id, status, sort_at, updated_at)
        SELECT @facet, a.id, a.status, a.sort_at, a.updated_at FROM articles a WHERE a.id = @id
        """;

    /// <summary>Rewrites the index rows of one article from its tags, byline authors and current sort keys.</summary>
    public static async Task RewriteAsync(SqliteConnection c, SqliteTransaction tx, long id, IEnumerable<string> tags, IEnumerable<long> authors,
        CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(Delete, new { id }, tx, cancellationToken: ct));
        var facets = tags.Select(TagKey).Concat(authors.Select(AuthorKey)).Distinct().Select(facet => new { facet, id });
        await c.ExecuteAsync(new CommandDefinition(InsertFacet, facets, tx, cancellationToken: ct));
    }
}
