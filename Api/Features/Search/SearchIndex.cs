using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Search;

/// <summary>The SQLite FTS5 index of articles (title, summary, body text, byline names, tags), kept in step inside
/// each article's write transaction. All FTS5-specific SQL lives here.</summary>
public static class SearchIndex
{
    /// <summary>Column weights for BM25: a title match counts far more than a body match.</summary>
    public const string Rank = "bm25(article_search, 10.0, 4.0, 1.0, 5.0, 5.0)";

    public const string Table = "article_search";

    const string SelectSource = """
        SELECT a.title, a.summary, a.body_html,
               (SELECT group_concat(au.name, ' ') FROM article_bylines b JOIN authors au ON au.id = b.author_id WHERE b.article_id = a.id) AS names,
               (SELECT group_concat(t.tag, ' ') FROM article_tags t WHERE t.article_id = a.id) AS tags
        FROM articles a
        WHERE a.id = @id
        """;

    const string Delete = "DELETE FROM article_search WHERE rowid = @id";

    const string Insert = """
        INSERT INTO article_search (rowid, title, summary, body, names, tags)
        VALUES (@id, @title, @summary, @body, @names, @tags)
        """;

    const string ArticlesOfAuthor = "SELECT DISTINCT article_id FROM article_bylines WHERE author_id = @authorId";

    const string CountIndexed = "SELECT (SELECT COUNT(*) FROM articles) = (SELECT COUNT(*) FROM article_search)";

    const string AllArticleIds = "SELECT id FROM articles";

    const string Clear = "DELETE FROM article_search";

    /// <summary>Properties, not a constructor: names and tags are expressions whose type Dapper cannot match when NULL.</summary>
    sealed class Source
    {
        public string Title { get; init; } = "";
        public string? Summary { get; init; }
        public string BodyHtml { get; init; } = "";
        public string? Names { get; init; }
        public string? Tags { get; init; }
    }

    /// <summary>Indexes the article as it now stands in this transaction (or removes it when it is gone).</summary>
    public static async Task IndexAsync(SqliteConnection c, SqliteTransaction tx, long id, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(Delete, new { id }, tx, cancellationToken: ct));
        var source = await c.QuerySingleOrDefaultAsync<Source>(new CommandDefinition(SelectSource, new { id }, tx, cancellationToken: ct));
        if (source is null) { return; }
        await c.ExecuteAsync(new CommandDefinition(Insert, new
        {
            id,
            title = ChineseTokenizer.ToIndexText(source.Title),
            summary = ChineseTokenizer.ToIndexText(source.Summary),
            body = ChineseTokenizer.ToIndexText(HtmlText.ToPlainText(source.BodyHtml)),
            names = ChineseTokenizer.ToIndexText(source.Names),
            tags = ChineseTokenizer.ToIndexText(source.Tags),
        }, tx, cancellationToken: ct));
    }

    public static Task RemoveAsync(SqliteConnection c, SqliteTransaction tx, long id, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(Delete, new { id }, tx, cancellationToken: ct));

    /// <summary>A renamed author is found under the new name in every article that names them.</summary>
    public static async Task IndexArticlesOfAuthorAsync(SqliteConnection c, SqliteTransaction tx, long authorId, CancellationToken ct)
    {
        foreach (var id in await c.QueryAsync<long>(new CommandDefinition(ArticlesOfAuthor, new { authorId }, tx, cancellationToken: ct)))
        {
            await IndexAsync(c, tx, id, ct);
        }
    }

    /// <summary>Rebuilds the index when it does not hold exactly one row per article (a database from before search,
    /// or an index damaged by hand). Returns the number of articles indexed, 0 when nothing was needed.</summary>
    public static async Task<int> RebuildIfIncompleteAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        if (await c.ExecuteScalarAsync<bool>(new CommandDefinition(CountIndexed, transaction: tx, cancellationToken: ct))) { return 0; }
        await c.ExecuteAsync(new CommandDefinition(Clear, transaction: tx, cancellationToken: ct));
        var ids = (await c.QueryAsync<long>(new CommandDefinition(AllArticleIds, transaction: tx, cancellationToken: ct))).AsList();
        foreach (var id in ids) { await IndexAsync(c, tx, id, ct); }
        return ids.Count;
    }
}
