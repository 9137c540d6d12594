using Cms.Api.Data;
using Cms.Api.Features.Media;
using Cms.Api.Features.Search;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Articles;

public sealed record BylineFields(long AuthorId, string Role);

public sealed record ArticleMediaFields(long MediaId, string? Caption);

public sealed record ArticleFields(
    string Title, string? Subtitle, string? Summary, string BodyHtml, long StationId, long ChannelId, string Status,
    string? PublishedAt, string? Source, string? Credit, IReadOnlyList<BylineFields> Bylines, IReadOnlyList<string> Tags,
    long? CoverMediaId, IReadOnlyList<ArticleMediaFields> Media, IReadOnlyList<long> InlineMediaIds);

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
    public long ChannelId { get; init; }
    public string ChannelSlug { get; init; } = "";
    public string ChannelName { get; init; } = "";
    public string Status { get; init; } = "";
    public string? PublishedAt { get; init; }
    public string? Source { get; init; }
    public string? Credit { get; init; }
    public long? CoverMediaId { get; init; }
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";
    public string SortAt { get; init; } = "";

    /// <summary>In a page's query only: when what the page shows of its station and channel last changed.</summary>
    public string? StationUpdatedAt { get; init; }

    public string? ChannelUpdatedAt { get; init; }

    /// <summary>In lists, the value the page is ordered by: a time as text, or a relevance score.</summary>
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

/// <summary>What a list or a page needs besides the article rows: bylines, tags and images, loaded for many ids at once.</summary>
public sealed record ArticleParts(
    ILookup<long, BylineRow> Bylines, ILookup<long, TagRow> Tags, ILookup<long, ArticleImageRow> Images,
    IReadOnlyDictionary<long, MediaRow> Media);

public sealed class ArticleRepository(Db db)
{
    const string RowHead = "a.id, a.title, a.subtitle, a.summary";

    const string RowTail = """
        a.station_id, s.slug AS station_slug, s.name AS station_name,
        a.channel_id, ch.slug AS channel_slug, ch.name AS channel_name, a.status, a.published_at, a.source, a.credit,
        a.cover_media_id, a.created_at, a.updated_at, a.sort_at, s.updated_at AS station_updated_at, ch.updated_at AS channel_updated_at
        FROM articles a
        JOIN stations s ON s.id = a.station_id
        JOIN channels ch ON ch.id = a.channel_id
        """;

    const string SelectDetail = $"""
        SELECT {RowHead}, a.body_html, {RowTail}
        WHERE a.id = @id AND (@includeDrafts OR (a.status = 'published' AND a.sort_at <= @now))
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

        SELECT {MediaColumns} FROM media
        WHERE id IN (SELECT media_id FROM article_media WHERE article_id IN @ids)
           OR id IN (SELECT cover_media_id FROM articles WHERE id IN @ids);
        """;

    const string MediaColumns = "id, storage_name, file_name, content_type, byte_size, sha256, width, height, alt, caption, credit, created_at, updated_at";

    const string Insert = """
        INSERT INTO articles (id, station_id, channel_id, title, subtitle, summary, body_html, status, published_at, source, credit,
                              cover_media_id, created_at, updated_at)
        VALUES (@id, @StationId, @ChannelId, @Title, @Subtitle, @Summary, @BodyHtml, @Status, @PublishedAt, @Source, @Credit,
                @CoverMediaId, @now, @now)
        RETURNING id
        """;

    const string Update = """
        UPDATE articles
        SET station_id = @StationId, channel_id = @ChannelId, title = @Title, subtitle = @Subtitle, summary = @Summary,
            body_html = @BodyHtml, status = @Status, published_at = @PublishedAt, source = @Source, credit = @Credit,
            cover_media_id = @CoverMediaId, updated_at = @now
        WHERE id = @id
        """;

    const string DeleteParts = """
        DELETE FROM article_bylines WHERE article_id = @id;
        DELETE FROM article_tags WHERE article_id = @id;
        DELETE FROM article_media WHERE article_id = @id;
        DELETE FROM article_inline_media WHERE article_id = @id;
        """;

    const string InsertByline = "INSERT INTO article_bylines (article_id, position, author_id, role) VALUES (@articleId, @position, @authorId, @role)";
    const string InsertTag = "INSERT INTO article_tags (article_id, position, tag) VALUES (@articleId, @position, @tag)";
    const string InsertMedia = "INSERT INTO article_media (article_id, position, media_id, caption) VALUES (@articleId, @position, @mediaId, @caption)";
    const string InsertInline = "INSERT INTO article_inline_media (article_id, media_id) VALUES (@articleId, @mediaId)";

    const string Delete = "DELETE FROM articles WHERE id = @id";

    const string ArticleExists = "SELECT EXISTS (SELECT 1 FROM articles WHERE id = @id)";
    const string StationExists = "SELECT EXISTS (SELECT 1 FROM stations WHERE id = @id)";
    const string ChannelStation = "SELECT station_id FROM channels WHERE id = @id";
    const string ExistingAuthors = "SELECT id FROM authors WHERE id IN @ids";
    const string ExistingMedia = "SELECT id FROM media WHERE id IN @ids";

    public async Task<ArticleRow?> FindAsync(long id, bool includeDrafts, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ArticleRow>(
            new CommandDefinition(SelectDetail, new { id, includeDrafts, now = db.NowUtc() }, cancellationToken: ct));
    }

    /// <summary>When the next article that is published for a future time becomes visible, if any is waiting.</summary>
    public async Task<DateTimeOffset?> NextPublishTimeAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var next = await c.ExecuteScalarAsync<string?>(new CommandDefinition(SelectNextPublish, new { now = db.NowUtc() }, cancellationToken: ct));
        return next is null ? null : new DateTimeOffset(Timestamps.Parse(next));
    }

    /// <summary>The articles of these ids that the public can see now; the others are left out.</summary>
    public async Task<IReadOnlyList<ArticleRow>> FindVisibleAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) { return []; }
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ArticleRow>(
            new CommandDefinition(SelectVisibleByIds, new { ids, now = db.NowUtc() }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<ArticleRow>> ListAsync(ArticleQuery query, ArticlePosition? after, int take, CancellationToken ct)
    {
        var (sql, parameters) = ArticleListSql.Page(query, after, take, db.NowUtc());
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ArticleRow>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList();
    }

    public async Task<long> CountAsync(ArticleQuery query, CancellationToken ct)
    {
        var (sql, parameters) = ArticleListSql.Count(query, db.NowUtc());
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    public async Task<ArticleParts> LoadPartsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var grid = await c.QueryMultipleAsync(new CommandDefinition(SelectParts, new { ids }, cancellationToken: ct));
        var bylines = (await grid.ReadAsync<BylineRow>()).ToLookup(b => b.ArticleId);
        var tags = (await grid.ReadAsync<TagRow>()).ToLookup(t => t.ArticleId);
        var images = (await grid.ReadAsync<ArticleImageRow>()).ToLookup(i => i.ArticleId);
        var media = (await grid.ReadAsync<MediaRow>()).ToDictionary(m => m.Id);
        return new ArticleParts(bylines, tags, images, media);
    }

    /// <returns>The id of the new article: the one asked for (an import keeping its old id) or the next free one.</returns>
    public Task<long> CreateAsync(long? id, ArticleFields fields, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        await CheckReferencesAsync(c, tx, fields, ct);
        return await InsertAsync(c, tx, id, fields, db.NowUtc(), ct);
    }, ct);

    /// <summary>Inserts an article whose references are known to exist, with everything derived from it, inside the
    /// caller's transaction. The benchmark's corpus generator loads many articles per transaction through here.</summary>
    internal static async Task<long> InsertAsync(SqliteConnection c, SqliteTransaction tx, long? id, ArticleFields fields, string now, CancellationToken ct)
    {
        var p = new DynamicParameters(fields);
        p.AddDynamicParams(new { id, now });
        var newId = await SqliteErrors.ConflictOnDuplicate(
            () => c.ExecuteScalarAsync<long>(new CommandDefinition(Insert, p, tx, cancellationToken: ct)),
            "id", $"An article with the id {id} already exists.");
        await InsertPartsAsync(c, tx, newId, fields, ct);
        await RefreshDerivedAsync(c, tx, newId, fields, now, ct);
        return newId;
    }

    /// <returns>False when no article has this id.</returns>
    public Task<bool> UpdateAsync(long id, ArticleFields fields, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(ArticleExists, new { id }, tx, cancellationToken: ct))) { return false; }
        await CheckReferencesAsync(c, tx, fields, ct);
        var p = new DynamicParameters(fields);
        p.AddDynamicParams(new { id, now = db.NowUtc() });
        await c.ExecuteAsync(new CommandDefinition(Update, p, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(DeleteParts, new { id }, tx, cancellationToken: ct));
        await InsertPartsAsync(c, tx, id, fields, ct);
        await RefreshDerivedAsync(c, tx, id, fields, db.NowUtc(), ct);
        return true;
    }, ct);

    /// <returns>False when no article has this id.</returns>
    public Task<bool> DeleteAsync(long id, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        if (await c.ExecuteAsync(new CommandDefinition(Delete, new { id }, tx, cancellationToken: ct)) == 0) { return false; }
        await SearchIndex.RemoveAsync(c, tx, id, ct);
        await SyncLog.RecordAsync(c, tx, id, null, db.NowUtc(), ct);
        return true;
    }, ct);

    /// <summary>The search index, the tag and author rows and the sync log follow the article in the same transaction.</summary>
    static async Task RefreshDerivedAsync(SqliteConnection c, SqliteTransaction tx, long id, ArticleFields fields, string now, CancellationToken ct)
    {
        await ArticleFacets.RefreshAsync(c, tx, id, ct);
        await SearchIndex.IndexAsync(c, tx, id, ct);
        await SyncLog.RecordAsync(c, tx, id, fields.Status == "published" ? fields.PublishedAt : null, now, ct);
    }

    static async Task InsertPartsAsync(SqliteConnection c, SqliteTransaction tx, long articleId, ArticleFields f, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(InsertByline,
            f.Bylines.Select((b, i) => new { articleId, position = i, authorId = b.AuthorId, role = b.Role }), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(InsertTag,
            f.Tags.Select((t, i) => new { articleId, position = i, tag = t }), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(InsertMedia,
            f.Media.Select((m, i) => new { articleId, position = i, mediaId = m.MediaId, caption = m.Caption }), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(InsertInline,
            f.InlineMediaIds.Select(m => new { articleId, mediaId = m }), tx, cancellationToken: ct));
    }

    /// <summary>Checks every id the article refers to inside the write transaction, naming each field that is wrong.</summary>
    static async Task CheckReferencesAsync(SqliteConnection c, SqliteTransaction tx, ArticleFields f, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(StationExists, new { id = f.StationId }, tx, cancellationToken: ct)))
        {
            errors["stationId"] = [$"No station has the id {f.StationId}."];
        }
        var channelStation = await c.ExecuteScalarAsync<long?>(new CommandDefinition(ChannelStation, new { id = f.ChannelId }, tx, cancellationToken: ct));
        if (channelStation is null)
        {
            errors["channelId"] = [$"No channel has the id {f.ChannelId}."];
        }
        else if (channelStation != f.StationId)
        {
            errors["channelId"] = [$"Channel {f.ChannelId} belongs to station {channelStation}, not to station {f.StationId}."];
        }

        var authorIds = f.Bylines.Select(b => b.AuthorId).Distinct().ToList();
        var authors = authorIds.Count == 0 ? [] : (await c.QueryAsync<long>(
            new CommandDefinition(ExistingAuthors, new { ids = authorIds }, tx, cancellationToken: ct))).ToHashSet();
        for (var i = 0; i < f.Bylines.Count; i++)
        {
            if (!authors.Contains(f.Bylines[i].AuthorId)) { errors[$"bylines[{i}].authorId"] = [$"No author has the id {f.Bylines[i].AuthorId}."]; }
        }

        var mediaIds = f.Media.Select(m => m.MediaId).Concat(f.InlineMediaIds);
        if (f.CoverMediaId is { } cover) { mediaIds = mediaIds.Append(cover); }
        var wanted = mediaIds.Distinct().ToList();
        var media = wanted.Count == 0 ? [] : (await c.QueryAsync<long>(
            new CommandDefinition(ExistingMedia, new { ids = wanted }, tx, cancellationToken: ct))).ToHashSet();
        if (f.CoverMediaId is { } coverId && !media.Contains(coverId)) { errors["coverMediaId"] = [$"No medium has the id {coverId}."]; }
        for (var i = 0; i < f.Media.Count; i++)
        {
            if (!media.Contains(f.Media[i].MediaId)) { errors[$"media[{i}].mediaId"] = [$"No medium has the id {f.Media[i].MediaId}."]; }
        }
        var missingInline = f.InlineMediaIds.Where(m => !media.Contains(m)).ToList();
        if (missingInline.Count > 0)
        {
            errors["bodyHtml"] = [$"The body shows image(s) of media that do not exist: {string.Join(", ", missingInline)}."];
        }

        if (errors.Count > 0) { throw ApiProblemException.Unprocessable(errors); }
    }
}
