using Cms.Api.Data;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Media;

public sealed record MediaRow(
    long Id, string StorageName, string FileName, string ContentType, long ByteSize, string Sha256,
    long? Width, long? Height, string? Alt, string? Caption, string? Credit, string CreatedAt, string UpdatedAt, long? UploadedByKeyId,
    long Version, string? OriginalStorageName, string OriginalSha256, double? FocalX, double? FocalY);

public sealed record MediaText(string? Alt, string? Caption, string? Credit, double? FocalX, double? FocalY);

/// <summary>What a library search asks for; every part is optional. <paramref name="PublicOnly"/> is the public's view:
/// only media that public content shows, and text matched in what the public sees (alt text and caption, not file names).</summary>
public sealed record MediaFilter(string? ContentType, long? UploadedBy, string? From, string? To, string? Text, bool PublicOnly);

/// <summary>The file a new medium shows: one just stored for it, or the one an earlier upload of the same bytes stored.</summary>
public sealed record MediaFile(string StorageName, string? OriginalStorageName, string ContentType, long ByteSize, string Sha256, long? Width, long? Height);

public sealed record NewMedium(string OriginalSha256, MediaFile File, string FileName, MediaText Text, long? UploadedBy);

/// <summary>What a deleted medium leaves to remove from the folder, unless another medium still shows the same file.</summary>
public sealed record RemovedMedium(string StorageName, string? OriginalStorageName, bool FileStillUsed);

/// <summary>Settable properties, not a constructor: the literal columns of the usage query have no declared type,
/// which Dapper's constructor matching cannot handle.</summary>
public sealed class MediaUsage
{
    public string Kind { get; init; } = "";
    public long Id { get; init; }
    public string Role { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Status { get; init; }
}

public sealed class MediaRepository(Db db)
{
    public const string Columns =
        "id, storage_name, file_name, content_type, byte_size, sha256, width, height, alt, caption, credit, created_at, updated_at, " +
        "uploaded_by_key_id, version, original_storage_name, original_sha256, focal_x, focal_y";

    const string SelectById = $"SELECT {Columns} FROM media WHERE id = @id";

    const string SelectByOriginal = $"SELECT {Columns} FROM media WHERE original_sha256 = @sha ORDER BY id LIMIT 1";

    // Appended to SelectPage from this fixed set only; values travel as parameters.
    const string SelectPage = $"SELECT {Columns} FROM media WHERE 1 = 1";
    const string ByType = " AND content_type = @contentType";
    const string ByUploader = " AND uploaded_by_key_id = @uploadedBy";
    const string FromTime = " AND created_at >= @from";
    const string ToTime = " AND created_at <= @to";
    const string ByText = " AND (alt LIKE @text ESCAPE '\\' OR caption LIKE @text ESCAPE '\\' OR file_name LIKE @text ESCAPE '\\')";
    const string ByPublicText = " AND (alt LIKE @text ESCAPE '\\' OR caption LIKE @text ESCAPE '\\')";
    const string ShownInPublic = """
         AND (id IN (SELECT cover_media_id FROM articles WHERE status = 'published' AND sort_at <= @now)
              OR id IN (SELECT m.media_id FROM article_media m JOIN articles a ON a.id = m.article_id WHERE a.status = 'published' AND a.sort_at <= @now)
              OR id IN (SELECT i.media_id FROM article_inline_media i JOIN articles a ON a.id = i.article_id WHERE a.status = 'published' AND a.sort_at <= @now)
              OR id IN (SELECT avatar_media_id FROM authors))
        """;
    const string BeforeCursor = " AND id < @beforeId";
    const string NewestFirst = " ORDER BY id DESC LIMIT @take";

    const string Insert = $"""
        INSERT INTO media (storage_name, original_storage_name, original_sha256, file_name, content_type, byte_size, sha256, width, height,
                           alt, caption, credit, focal_x, focal_y, created_at, updated_at, uploaded_by_key_id)
        VALUES (@storageName, @originalStorageName, @originalSha256, @fileName, @contentType, @byteSize, @sha256, @width, @height,
                @Alt, @Caption, @Credit, @FocalX, @FocalY, @now, @now, @uploadedBy)
        RETURNING {Columns}
        """;

    const string UpdateText = $"""
        UPDATE media SET alt = @Alt, caption = @Caption, credit = @Credit, focal_x = @FocalX, focal_y = @FocalY,
                         updated_at = @now, version = version + 1
        WHERE id = @id AND (@anyVersion OR version IN @versions)
        RETURNING {Columns}
        """;

    // Articles outside @stations (null: all) and, unless @withTrash, trashed ones are left out.
    const string SelectUsage = """
        SELECT kind, id, role, name, status FROM (
            SELECT 'article' AS kind, a.id, 'cover' AS role, a.title AS name, a.status, a.station_id FROM articles a WHERE a.cover_media_id = @id
            UNION ALL SELECT 'article', a.id, 'media list', a.title, a.status, a.station_id FROM article_media m JOIN articles a ON a.id = m.article_id WHERE m.media_id = @id
            UNION ALL SELECT 'article', a.id, 'inline image', a.title, a.status, a.station_id FROM article_inline_media i JOIN articles a ON a.id = i.article_id WHERE i.media_id = @id
            UNION ALL SELECT 'author', id, 'avatar', name, NULL, NULL FROM authors WHERE avatar_media_id = @id)
        WHERE kind = 'author' OR ((@allStations OR station_id IN @stations) AND (@withTrash OR status <> 'trashed'))
        ORDER BY 1, 2
        LIMIT @take
        """;

    const string Delete = "DELETE FROM media WHERE id = @id RETURNING storage_name, original_storage_name";

    const string FileStillUsed = "SELECT EXISTS (SELECT 1 FROM media WHERE storage_name = @storageName)";

    const string SelectVersion = "SELECT version FROM media WHERE id = @id";

    const string ReferencedNames = """
        SELECT storage_name FROM media
        UNION SELECT original_storage_name FROM media WHERE original_storage_name IS NOT NULL
        """;

    public async Task<MediaRow?> FindAsync(long id, CancellationToken ct)
    {
        return await db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<MediaRow>(new CommandDefinition(SelectById, new { id }, cancellationToken: ct)), ct);
    }

    public async Task<IReadOnlyList<MediaRow>> ListAsync(MediaFilter filter, long? beforeId, int take, CancellationToken ct)
    {
        var sql = new System.Text.StringBuilder(SelectPage);
        if (filter.ContentType is not null) { sql.Append(ByType); }
        if (filter.UploadedBy is not null) { sql.Append(ByUploader); }
        if (filter.From is not null) { sql.Append(FromTime); }
        if (filter.To is not null) { sql.Append(ToTime); }
        if (!string.IsNullOrWhiteSpace(filter.Text)) { sql.Append(filter.PublicOnly ? ByPublicText : ByText); }
        if (filter.PublicOnly) { sql.Append(ShownInPublic); }
        if (beforeId is not null) { sql.Append(BeforeCursor); }
        sql.Append(NewestFirst);
        var text = filter.Text is { } t ? "%" + t.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%" : null;
        return await db.ReadAsync(async c => (await c.QueryAsync<MediaRow>(new CommandDefinition(sql.ToString(), new
        {
            contentType = filter.ContentType, uploadedBy = filter.UploadedBy, from = filter.From, to = filter.To, text, beforeId, take,
            now = db.NowUtc(),
        }, cancellationToken: ct))).AsList(), ct);
    }

    /// <param name="stations">Only articles of these stations; null for all.</param>
    /// <param name="withTrash">Whether trashed articles count.</param>
    public async Task<IReadOnlyList<MediaUsage>> UsageAsync(long id, IReadOnlyCollection<long>? stations, bool withTrash, int take, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<MediaUsage>(
            new CommandDefinition(SelectUsage, UsageParameters(id, stations, withTrash, take), cancellationToken: ct))).AsList(), ct);
    }

    static object UsageParameters(long id, IReadOnlyCollection<long>? stations, bool withTrash, int take) =>
        new { id, take, withTrash, allStations = stations is null, stations = (stations ?? []).DefaultIfEmpty(-1) };

    public async Task<MediaRow?> FindByOriginalAsync(string originalSha256, CancellationToken ct)
    {
        return await db.ReadAsync(async c => await FindByOriginalAsync(c, null, originalSha256, ct), ct);
    }

    static Task<MediaRow?> FindByOriginalAsync(SqliteConnection c, SqliteTransaction? tx, string originalSha256, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<MediaRow>(new CommandDefinition(SelectByOriginal, new { sha = originalSha256 }, tx, cancellationToken: ct));

    /// <summary>Inserts a medium with a file of its own. <paramref name="moveFileIntoPlace"/> runs inside the transaction,
    /// after the insert, so a saved row always has its file and a failed move saves nothing.</summary>
    public Task<MediaRow> InsertAsync(NewMedium medium, Action moveFileIntoPlace, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        var row = await InsertAsync(c, tx, medium, ct);
        moveFileIntoPlace();
        return row;
    }, ct);

    /// <summary>Inserts a medium over the file an earlier upload of the same bytes stored.</summary>
    /// <returns>Null when that file is no longer the one stored for these bytes (its last medium was deleted meanwhile,
    /// and with it the file): nothing was written.</returns>
    public Task<MediaRow?> InsertSharingFileAsync(NewMedium medium, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
        (await FindByOriginalAsync(c, tx, medium.OriginalSha256, ct))?.StorageName != medium.File.StorageName
            ? null
            : (MediaRow?)await InsertAsync(c, tx, medium, ct), ct);

    Task<MediaRow> InsertAsync(SqliteConnection c, SqliteTransaction tx, NewMedium medium, CancellationToken ct)
    {
        var p = new DynamicParameters(medium.Text);
        p.AddDynamicParams(new
        {
            storageName = medium.File.StorageName,
            originalStorageName = medium.File.OriginalStorageName,
            originalSha256 = medium.OriginalSha256,
            fileName = medium.FileName,
            contentType = medium.File.ContentType,
            byteSize = medium.File.ByteSize,
            sha256 = medium.File.Sha256,
            width = medium.File.Width,
            height = medium.File.Height,
            now = db.NowUtc(),
            uploadedBy = medium.UploadedBy,
        });
        return c.QuerySingleAsync<MediaRow>(new CommandDefinition(Insert, p, tx, cancellationToken: ct));
    }

    /// <returns>Null when no medium has this id; a 412 problem when it is not at a version If-Match allows.</returns>
    public Task<MediaRow?> UpdateTextAsync(long id, MediaText text, IfMatch ifMatch, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        var p = new DynamicParameters(text);
        p.AddDynamicParams(ifMatch.SqlParameters(id));
        p.Add("now", db.NowUtc());
        var row = await c.QuerySingleOrDefaultAsync<MediaRow>(new CommandDefinition(UpdateText, p, tx, cancellationToken: ct));
        if (row is null)
        {
            await c.EnsureVersionAsync(tx, SelectVersion, "medium", id, ifMatch, ct);
            return null;
        }
        await SyncLog.RecordArticlesShowingAsync(c, tx, ArticleDependency.Medium, id, ct);
        return row;
    }, ct);

    /// <returns>Null when no medium has this id.</returns>
    public Task<RemovedMedium?> DeleteAsync(long id, IfMatch ifMatch, CancellationToken ct) => db.WriteAsync<RemovedMedium?>(async (c, tx) =>
    {
        if (!await c.EnsureVersionAsync(tx, SelectVersion, "medium", id, ifMatch, ct)) { return null; }
        var usage = (await c.QueryAsync<MediaUsage>(new CommandDefinition(SelectUsage, UsageParameters(id, null, true, 11), tx, cancellationToken: ct))).AsList();
        if (usage.Count > 0)
        {
            var listed = string.Join(", ", usage.Take(10).Select(u => $"{u.Kind} {u.Id} ({u.Role})")) + (usage.Count > 10 ? " and more" : "");
            throw new ApiProblemException(ProblemTypes.InUse,
                $"Medium {id} is in use by {listed}; remove it from them first.");
        }
        var (storageName, original) = await c.QuerySingleAsync<(string, string?)>(new CommandDefinition(Delete, new { id }, tx, cancellationToken: ct));
        var stillUsed = await c.ExecuteScalarAsync<bool>(new CommandDefinition(FileStillUsed, new { storageName }, tx, cancellationToken: ct));
        return new RemovedMedium(storageName, original, stillUsed);
    }, ct);

    /// <summary>The files the media rows of a database name: served copies and kept originals. Static, because a backup
    /// asks it of its snapshot's connection.</summary>
    public static async Task<HashSet<string>> ReferencedFilesAsync(SqliteConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition(ReferencedNames, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
}
