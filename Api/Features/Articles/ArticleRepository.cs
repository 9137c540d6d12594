using Cms.Api.Data;
using Cms.Api.Features.Media;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Cms.Api.Features.Articles;

public sealed partial class ArticleRepository(Db db, IOptions<CmsOptions> options)
{
    readonly PortalConventions portal = PortalConventions.From(options.Value);

    const string RowHead = "a.id, a.title, a.subtitle, a.summary";

    const string RowTail = $"""
        a.station_id, s.slug AS station_slug, s.name AS station_name, s.hotline AS station_hotline,
        a.channel_id, ch.slug AS channel_slug, ch.name AS channel_name, {ArticleListSql.StatusColumn}, a.published_at, a.source, a.credit,
        a.cover_media_id, a.created_at, a.updated_at, a.changed_at, a.sort_at, s.updated_at AS station_updated_at, ch.updated_at AS channel_updated_at,
        a.version, a.trashed_at
        FROM articles a
        JOIN stations s ON s.id = a.station_id
        JOIN channels ch ON ch.id = a.channel_id
        """;

    const string SelectDetail = $"""
        SELECT {RowHead}, a.body_html, {RowTail}
        WHERE a.id = @id AND (@includeAll OR (a.status = 'published' AND a.sort_at <= @now))
        """;

    const string SelectNextPublish = "SELECT MIN(sort_at) FROM articles WHERE status = 'published' AND sort_at > @now";

    const string SelectVisibleByIds = $"""
        SELECT {RowHead}, a.body_html, {RowTail}
        WHERE a.id IN @ids AND a.status = 'published' AND a.sort_at <= @now
        """;

    const string SelectParts = $"""
        SELECT b.article_id, b.position, b.author_id, au.slug AS author_slug, au.name AS author_name, b.role, au.updated_at AS author_updated_at
        FROM article_bylines b JOIN authors au ON au.id = b.author_id
        WHERE b.article_id IN @ids ORDER BY b.article_id, b.position;

        SELECT article_id, position, tag FROM article_tags WHERE article_id IN @ids ORDER BY article_id, position;

        SELECT article_id, position, caption AS use_caption, media_id FROM article_media
        WHERE article_id IN @ids ORDER BY article_id, position;

        SELECT {MediaRepository.Columns} FROM media
        WHERE id IN (SELECT media_id FROM article_media WHERE article_id IN @ids)
           OR id IN (SELECT cover_media_id FROM articles WHERE id IN @ids)
           OR id IN (SELECT media_id FROM article_inline_media WHERE article_id IN @ids);
        """;

    const string SelectState = """
        SELECT id, station_id, status, trashed_from, published_at, created_by_key_id, version FROM articles WHERE id = @id;
        SELECT DISTINCT author_id FROM article_bylines WHERE article_id = @id;
        """;

    const string SelectTrash = $"""
        SELECT {RowHead}, '' AS body_html, {RowTail}
        WHERE a.status = 'trashed' AND (@afterKey IS NULL OR (a.trashed_at, a.id) < (@afterKey, @afterId))
          AND (@allStations OR a.station_id IN @stations)
        ORDER BY a.trashed_at DESC, a.id DESC
        LIMIT @take
        """;

    /// <summary>An article the public can see, or with <paramref name="includeAll"/> any article (drafts, archived, trashed).</summary>
    public async Task<ArticleRow?> FindAsync(long id, bool includeAll, CancellationToken ct)
    {
        return await db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<ArticleRow>(
            new CommandDefinition(SelectDetail, new { id, includeAll, now = db.NowUtc() }, cancellationToken: ct)), ct);
    }

    /// <summary>What access rules need to know of an article: its station, state, creator, byline authors and version.</summary>
    public async Task<ArticleState?> FindStateAsync(long id, CancellationToken ct)
    {
        return await db.ReadAsync(async c => await ReadStateAsync(c, null, id, ct), ct);
    }

    static async Task<ArticleState?> ReadStateAsync(SqliteConnection c, SqliteTransaction? tx, long id, CancellationToken ct)
    {
        await using var grid = await c.QueryMultipleAsync(new CommandDefinition(SelectState, new { id }, tx, cancellationToken: ct));
        var row = await grid.ReadSingleOrDefaultAsync<ArticleStateRow>();
        var authors = (await grid.ReadAsync<long>()).ToList();
        return row?.ToState(authors);
    }

    /// <summary>The article's content in the shape of a write, as it now stands; null when there is no such article.</summary>
    public async Task<RevisionContent?> FindRevisionContentAsync(long id, CancellationToken ct)
    {
        return await db.ReadAsync(async c => await ArticleRevisions.ReadContentAsync(c, null, id, ct), ct);
    }

    /// <summary>An article's revisions, newest first.</summary>
    public async Task<IReadOnlyList<RevisionRow>> ListRevisionsAsync(long id, long? before, int take, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<RevisionRow>(new CommandDefinition(ArticleRevisions.SelectRevisionPage, new { id, before, take }, cancellationToken: ct))).AsList(), ct);
    }

    public async Task<RevisionRow?> FindRevisionAsync(long id, long number, CancellationToken ct)
    {
        return await db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<RevisionRow>(new CommandDefinition(ArticleRevisions.SelectOne, new { id, number }, cancellationToken: ct)), ct);
    }

    /// <summary>The trash, most recently trashed first.</summary>
    public async Task<IReadOnlyList<ArticleRow>> ListTrashAsync(IReadOnlyCollection<long>? stations, ArticlePosition? after, int take, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<ArticleRow>(new CommandDefinition(SelectTrash, new
        {
            afterKey = after?.Key, afterId = after?.Id, take, now = db.NowUtc(),
            allStations = stations is null, stations = (stations ?? []).DefaultIfEmpty(-1),
        }, cancellationToken: ct))).AsList(), ct);
    }

    /// <summary>When the next article that is published for a future time becomes visible, if any is waiting.</summary>
    public async Task<DateTimeOffset?> NextPublishTimeAsync(CancellationToken ct)
    {
        var next = await db.ReadAsync(c => c.ExecuteScalarAsync<string?>(new CommandDefinition(SelectNextPublish, new { now = db.NowUtc() }, cancellationToken: ct)), ct);
        return next is null ? null : new DateTimeOffset(Timestamps.Parse(next));
    }

    /// <summary>The articles of these ids that the public can see now; the others are left out.</summary>
    public async Task<IReadOnlyList<ArticleRow>> FindVisibleAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) { return []; }
        return await db.ReadAsync(async c => (await c.QueryAsync<ArticleRow>(
            new CommandDefinition(SelectVisibleByIds, new { ids, now = db.NowUtc() }, cancellationToken: ct))).AsList(), ct);
    }

    public async Task<IReadOnlyList<ArticleRow>> ListAsync(ArticleQuery query, ArticlePosition? after, int take, CancellationToken ct)
    {
        var (sql, parameters) = ArticleListSql.SelectPage(query, after, take, db.NowUtc());
        return await db.ReadAsync(async c => (await c.QueryAsync<ArticleRow>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList(), ct);
    }

    public async Task<long> CountAsync(ArticleQuery query, CancellationToken ct)
    {
        var (sql, parameters) = ArticleListSql.Count(query, db.NowUtc());
        return await db.ReadAsync(async c => await c.ExecuteScalarAsync<long>(new CommandDefinition(sql, parameters, cancellationToken: ct)), ct);
    }

    public async Task<ArticleParts> LoadPartsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        return await db.ReadAsync(async c =>
        {
            await using var grid = await c.QueryMultipleAsync(new CommandDefinition(SelectParts, new { ids }, cancellationToken: ct));
            var bylines = (await grid.ReadAsync<BylineRow>()).ToLookup(b => b.ArticleId);
            var tags = (await grid.ReadAsync<TagRow>()).ToLookup(t => t.ArticleId);
            var images = (await grid.ReadAsync<ArticleImageRow>()).ToLookup(i => i.ArticleId);
            var media = (await grid.ReadAsync<MediaRow>()).ToDictionary(m => m.Id);
            return new ArticleParts(bylines, tags, images, media) { Portal = portal };
        }, ct);
    }
}
