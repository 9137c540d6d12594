using Cms.Api.Data;
using Cms.Api.Features.Search;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Articles;

public sealed partial class ArticleRepository
{
    const string Insert = """
        INSERT INTO articles (id, station_id, channel_id, title, subtitle, summary, body_html, status, published_at, source, credit,
                              cover_media_id, created_at, updated_at, created_by_key_id)
        VALUES (@id, @StationId, @ChannelId, @Title, @Subtitle, @Summary, @BodyHtml, @statusText, @PublishedAt, @Source, @Credit,
                @CoverMediaId, @now, @now, @createdBy)
        RETURNING id
        """;

    const string Update = """
        UPDATE articles
        SET station_id = @StationId, channel_id = @ChannelId, title = @Title, subtitle = @Subtitle, summary = @Summary,
            body_html = @BodyHtml, status = @statusText, published_at = @PublishedAt, source = @Source, credit = @Credit,
            cover_media_id = @CoverMediaId, updated_at = @now, version = version + 1
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

    const string SetStatus = """
        UPDATE articles
        SET status = @status, published_at = @publishedAt, trashed_from = @trashedFrom, trashed_at = @trashedAt,
            updated_at = @now, version = version + 1
        WHERE id = @id
        """;

    const string DeleteTags = "DELETE FROM article_tags WHERE article_id = @id";
    const string Touch = "UPDATE articles SET updated_at = @now, version = version + 1 WHERE id = @id";

    const string Purge = "DELETE FROM articles WHERE id = @id";

    const string StationExists = "SELECT EXISTS (SELECT 1 FROM stations WHERE id = @id)";
    const string ChannelStation = "SELECT station_id FROM channels WHERE id = @id";
    const string ExistingAuthors = "SELECT id FROM authors WHERE id IN @ids";
    const string ExistingMedia = "SELECT id FROM media WHERE id IN @ids";

    /// <returns>The id of the new article: the one asked for (an import keeping its old id) or the next free one.</returns>
    public Task<long> CreateAsync(long? id, ArticleFields fields, Actor actor, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        await CheckReferencesAsync(c, tx, fields, ct);
        return await InsertAsync(c, tx, id, fields, actor, db.NowUtc(), ct);
    }, ct);

    /// <summary>Inserts an article whose references are known to exist, with everything derived from it, inside the
    /// caller's transaction. The benchmark's corpus generator loads many articles per transaction through here.</summary>
    internal static async Task<long> InsertAsync(SqliteConnection c, SqliteTransaction tx, long? id, ArticleFields fields, Actor actor, string now,
        CancellationToken ct)
    {
        if (id is { } wanted && await SyncLog.NamesDeletedArticleAsync(c, tx, wanted, ct))
        {
            throw ApiProblemException.Duplicate("id", $"The id {wanted} belonged to an article deleted for good; an id is never given twice.");
        }
        var p = new DynamicParameters(fields);
        p.AddDynamicParams(new { id, now, createdBy = actor.KeyId, statusText = ArticleStatusText.Of(fields.Status) });
        var newId = await SqliteErrors.ConflictOnDuplicate(
            () => c.ExecuteScalarAsync<long>(new CommandDefinition(Insert, p, tx, cancellationToken: ct)),
            "id", $"An article with the id {id} already exists.");
        await InsertPartsAsync(c, tx, newId, fields, ct);
        await RefreshDerivedAsync(c, tx, newId, "create", actor, now, ct);
        return newId;
    }

    /// <summary>Replaces the content (and with it the status) of an article that is not in the trash. The fields and the
    /// access decision are made from the article as this transaction reads it, so no change landing after the request
    /// began can slip past the decision.</summary>
    /// <param name="fieldsFor">The new fields, given the article as it stands (a status left out stays as it is).</param>
    /// <param name="refusal">Why the caller may not make this change to this article, or null.</param>
    /// <returns>False when no article has this id. Throws 403 for a refusal, 412 for a version If-Match does not allow,
    /// 409 for a trashed article.</returns>
    public Task<bool> UpdateAsync(long id, Func<ArticleState, ArticleFields> fieldsFor, Func<ArticleState, ArticleFields, string?> refusal,
        IfMatch ifMatch, Actor actor, string action, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var state = await ReadStateAsync(c, tx, id, ct);
            if (state is null) { return false; }
            var fields = fieldsFor(state);
            EnsureAllowed(refusal(state, fields));
            EnsureVersion(state, ifMatch);
            if (state.Status == ArticleLifecycleStatus.Trashed) { throw InTrash(id); }
            await CheckReferencesAsync(c, tx, fields, ct);
            var now = db.NowUtc();
            var p = new DynamicParameters(fields);
            p.AddDynamicParams(new { id, now, statusText = ArticleStatusText.Of(fields.Status) });
            await c.ExecuteAsync(new CommandDefinition(Update, p, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(DeleteParts, new { id }, tx, cancellationToken: ct));
            await InsertPartsAsync(c, tx, id, fields, ct);
            await RefreshDerivedAsync(c, tx, id, action, actor, now, ct);
            return true;
        }, ct);

    /// <summary>Moves an article through its lifecycle as <see cref="ArticleLifecycle"/> allows.</summary>
    /// <param name="publishAt">The publish time a Publish sets; the other moves keep the article's own.</param>
    /// <param name="refusal">Why the caller may not make this move on the article as this transaction reads it, or null.</param>
    /// <returns>False when no article has this id. Throws 403 for a refusal, 412 for a stale If-Match, 409 when the move makes
    /// no sense from its status.</returns>
    public Task<bool> ChangeStatusAsync(long id, ArticleAction action, string? publishAt, Func<ArticleState, string?> refusal, IfMatch ifMatch,
        Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var state = await ReadStateAsync(c, tx, id, ct);
            if (state is null) { return false; }
            EnsureAllowed(refusal(state));
            EnsureVersion(state, ifMatch);
            if (state.Status == ArticleLifecycleStatus.Trashed && action != ArticleAction.Restore) { throw InTrash(id); }
            var next = ArticleLifecycle.Next(state.Status, action, state.TrashedFrom)
                       ?? throw new ApiProblemException(ProblemTypes.StateConflict,
                           $"Article {id} is {ArticleStatusText.Of(state.Status)}; it cannot be {ArticleLifecycle.PastTense(action)} from there.");
            var now = db.NowUtc();
            var trashing = next == ArticleLifecycleStatus.Trashed;
            await c.ExecuteAsync(new CommandDefinition(SetStatus, new
            {
                id,
                status = ArticleStatusText.Of(next),
                publishedAt = action == ArticleAction.Publish ? publishAt : state.PublishedAt,
                trashedFrom = trashing ? ArticleStatusText.Of(state.Status) : null,
                trashedAt = trashing ? now : null,
                now,
            }, tx, cancellationToken: ct));
            await RefreshDerivedAsync(c, tx, id, ArticleLifecycle.Name(action), actor, now, ct);
            return true;
        }, ct);

    /// <summary>Removes an article for good, with its revisions; readers that synced it get a tombstone.</summary>
    /// <returns>False when no article has this id. Throws 403 for a refusal of the article as this transaction reads it.</returns>
    public Task<bool> PurgeAsync(long id, Func<ArticleState, string?> refusal, IfMatch ifMatch, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        var state = await ReadStateAsync(c, tx, id, ct);
        if (state is null) { return false; }
        EnsureAllowed(refusal(state));
        EnsureVersion(state, ifMatch);
        await c.ExecuteAsync(new CommandDefinition(Purge, new { id }, tx, cancellationToken: ct));
        await SearchIndex.RemoveAsync(c, tx, id, ct);
        await SyncLog.RecordAsync(c, tx, id, null, db.NowUtc(), ct);
        return true;
    }, ct);

    /// <summary>A refusal rolls the transaction back: nothing of the request is saved.</summary>
    static void EnsureAllowed(string? refusal)
    {
        if (refusal is not null) { throw new ApiProblemException(ProblemTypes.Forbidden, refusal); }
    }

    static void EnsureVersion(ArticleState state, IfMatch ifMatch)
    {
        if (!ifMatch.Allows(state.Version)) { throw Preconditions.Stale("article", state.Id, state.Version); }
    }

    static ApiProblemException InTrash(long id) => new(ProblemTypes.StateConflict,
        $"Article {id} is in the trash; restore it first (POST /api/v1/articles/{id}/restore).");

    /// <summary>The search index, the tag and author rows, the sync log and a revision follow the article in the same
    /// transaction, from the article as it now stands.</summary>
    static async Task RefreshDerivedAsync(SqliteConnection c, SqliteTransaction tx, long id, string action, Actor actor, string now, CancellationToken ct)
    {
        var content = (await ArticleRevisions.ReadContentAsync(c, tx, id, ct))!;
        await ArticleIndexRows.RewriteAsync(c, tx, id, content.Tags, content.Bylines.Select(b => b.AuthorId), ct);
        await SearchIndex.IndexAsync(c, tx, id, ct);
        await SyncLog.RecordAsync(c, tx, id, ArticleStatusText.Parse(content.Status) == ArticleLifecycleStatus.Published ? content.PublishedAt : null, now, ct);
        await ArticleRevisions.RecordAsync(c, tx, id, content, action, actor, now, ct);
    }

    /// <summary>Gives an article these tags (in this order) inside the caller's transaction: a change of the article like
    /// any other, with a new version, a revision under <paramref name="action"/>, the search index and sync.</summary>
    internal static async Task ReplaceTagsAsync(SqliteConnection c, SqliteTransaction tx, long id, IReadOnlyList<string> tags, string action,
        Actor actor, string now, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(DeleteTags, new { id }, tx, cancellationToken: ct));
        await InsertTagsAsync(c, tx, id, tags, ct);
        await c.ExecuteAsync(new CommandDefinition(Touch, new { id, now }, tx, cancellationToken: ct));
        await RefreshDerivedAsync(c, tx, id, action, actor, now, ct);
    }

    static async Task InsertTagsAsync(SqliteConnection c, SqliteTransaction tx, long articleId, IReadOnlyList<string> tags, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(InsertTag, tags.Select((t, i) => new { articleId, position = i, tag = t }), tx, cancellationToken: ct));

    static async Task InsertPartsAsync(SqliteConnection c, SqliteTransaction tx, long articleId, ArticleFields f, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(InsertByline,
            f.Bylines.Select((b, i) => new { articleId, position = i, authorId = b.AuthorId, role = b.Role }), tx, cancellationToken: ct));
        await InsertTagsAsync(c, tx, articleId, f.Tags, ct);
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
            errors["stationId"] = [Problems.NoSuch("station", f.StationId)];
        }
        var channelStation = await c.ExecuteScalarAsync<long?>(new CommandDefinition(ChannelStation, new { id = f.ChannelId }, tx, cancellationToken: ct));
        if (channelStation is null)
        {
            errors["channelId"] = [Problems.NoSuch("channel", f.ChannelId)];
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
            if (!authors.Contains(f.Bylines[i].AuthorId)) { errors[$"bylines[{i}].authorId"] = [Problems.NoSuch("author", f.Bylines[i].AuthorId)]; }
        }

        var mediaIds = f.Media.Select(m => m.MediaId).Concat(f.InlineMediaIds);
        if (f.CoverMediaId is { } cover) { mediaIds = mediaIds.Append(cover); }
        var wanted = mediaIds.Distinct().ToList();
        var media = wanted.Count == 0 ? [] : (await c.QueryAsync<long>(
            new CommandDefinition(ExistingMedia, new { ids = wanted }, tx, cancellationToken: ct))).ToHashSet();
        if (f.CoverMediaId is { } coverId && !media.Contains(coverId)) { errors["coverMediaId"] = [Problems.NoSuch("medium", coverId)]; }
        for (var i = 0; i < f.Media.Count; i++)
        {
            if (!media.Contains(f.Media[i].MediaId)) { errors[$"media[{i}].mediaId"] = [Problems.NoSuch("medium", f.Media[i].MediaId)]; }
        }
        var missingInline = f.InlineMediaIds.Where(m => !media.Contains(m)).ToList();
        if (missingInline.Count > 0)
        {
            errors["bodyHtml"] = [$"The body shows image(s) of media that do not exist: {string.Join(", ", missingInline)}."];
        }

        if (errors.Count > 0) { throw ApiProblemException.MissingReference(errors); }
    }
}
