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

/// <summary>What a library search asks for; every part is optional.</summary>
public sealed record MediaFilter(string? ContentType, long? UploadedBy, string? From, string? To, string? Text);

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

public sealed class MediaRepository(Db db, MediaStore store, MediaDeletions deletions)
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

    const string SelectUsage = """
        SELECT 'article' AS kind, a.id, 'cover' AS role, a.title AS name, a.status FROM articles a WHERE a.cover_media_id = @id
        UNION ALL SELECT 'article', a.id, 'media list', a.title, a.status FROM article_media m JOIN articles a ON a.id = m.article_id WHERE m.media_id = @id
        UNION ALL SELECT 'article', a.id, 'inline image', a.title, a.status FROM article_inline_media i JOIN articles a ON a.id = i.article_id WHERE i.media_id = @id
        UNION ALL SELECT 'author', id, 'avatar', name, NULL FROM authors WHERE avatar_media_id = @id
        ORDER BY 1, 2
        LIMIT @take
        """;

    const string Delete = "DELETE FROM media WHERE id = @id RETURNING storage_name, original_storage_name";

    const string FileStillUsed = "SELECT EXISTS (SELECT 1 FROM media WHERE storage_name = @storageName)";

    const string SelectVersion = "SELECT version FROM media WHERE id = @id";

    public async Task<MediaRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<MediaRow>(new CommandDefinition(SelectById, new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<MediaRow>> ListAsync(MediaFilter filter, long? beforeId, int take, CancellationToken ct)
    {
        var sql = new System.Text.StringBuilder(SelectPage);
        if (filter.ContentType is not null) { sql.Append(ByType); }
        if (filter.UploadedBy is not null) { sql.Append(ByUploader); }
        if (filter.From is not null) { sql.Append(FromTime); }
        if (filter.To is not null) { sql.Append(ToTime); }
        if (!string.IsNullOrWhiteSpace(filter.Text)) { sql.Append(ByText); }
        if (beforeId is not null) { sql.Append(BeforeCursor); }
        sql.Append(NewestFirst);
        var text = filter.Text is { } t ? "%" + t.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%" : null;
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<MediaRow>(new CommandDefinition(sql.ToString(), new
        {
            contentType = filter.ContentType, uploadedBy = filter.UploadedBy, from = filter.From, to = filter.To, text, beforeId, take,
        }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<MediaUsage>> UsageAsync(long id, int take, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<MediaUsage>(new CommandDefinition(SelectUsage, new { id, take }, cancellationToken: ct))).AsList();
    }

    /// <summary>Records an upload. Identical bytes are stored once: a second upload of them gets a row of its own (its own
    /// alt text, caption, credit and uploader) over the file the first one stored. Otherwise the image is decoded and its
    /// served copy written before the transaction, and moved into place inside it, so a saved row always has its file.
    /// The file to share is looked up again inside the transaction: if its last medium was deleted meanwhile (and with it
    /// the file), the upload is stored as new.</summary>
    public async Task<MediaRow> CreateAsync(StagedUpload staged, string fileName, MediaText text, long? uploadedBy, CancellationToken ct)
    {
        PreparedMedia? prepared = null;
        try
        {
            MediaRow? same;
            await using (var c = await db.OpenAsync(ct))
            {
                same = await FindByOriginalAsync(c, null, staged, ct);
            }
            prepared = same is null ? store.Prepare(staged) : null;
            var row = await InsertAsync(staged, fileName, text, uploadedBy, same, prepared, ct);
            if (row is null)
            {
                prepared = store.Prepare(staged);
                row = await InsertAsync(staged, fileName, text, uploadedBy, null, prepared, ct);
            }
            if (prepared is null) { store.Discard(staged); }
            return row!;
        }
        catch
        {
            store.Discard(staged, prepared);
            throw;
        }
    }

    static Task<MediaRow?> FindByOriginalAsync(SqliteConnection c, SqliteTransaction? tx, StagedUpload staged, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<MediaRow>(new CommandDefinition(SelectByOriginal, new { sha = staged.OriginalSha256 }, tx, cancellationToken: ct));

    /// <returns>Null when the file to share is gone (nothing was written).</returns>
    Task<MediaRow?> InsertAsync(StagedUpload staged, string fileName, MediaText text, long? uploadedBy, MediaRow? same, PreparedMedia? prepared,
        CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        if (same is not null && (await FindByOriginalAsync(c, tx, staged, ct))?.StorageName != same.StorageName) { return null; }
        var p = new DynamicParameters(text);
        p.AddDynamicParams(new
        {
            storageName = same?.StorageName ?? prepared!.StorageName,
            originalStorageName = same is null ? prepared!.OriginalStorageName : same.OriginalStorageName,
            originalSha256 = staged.OriginalSha256,
            fileName,
            contentType = same?.ContentType ?? staged.Format.ContentType,
            byteSize = same?.ByteSize ?? prepared!.ByteSize,
            sha256 = same?.Sha256 ?? prepared!.Sha256,
            width = same?.Width ?? prepared!.Width,
            height = same?.Height ?? prepared!.Height,
            now = db.NowUtc(),
            uploadedBy,
        });
        var inserted = await c.QuerySingleAsync<MediaRow>(new CommandDefinition(Insert, p, tx, cancellationToken: ct));
        if (prepared is not null) { store.Commit(prepared, staged); }
        return (MediaRow?)inserted;
    }, ct);

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

    /// <returns>False when no medium has this id.</returns>
    public async Task<bool> DeleteAsync(long id, IfMatch ifMatch, CancellationToken ct)
    {
        var removed = await db.WriteAsync<(string StorageName, string? OriginalStorageName, bool StillUsed)?>(async (c, tx) =>
        {
            if (!await c.EnsureVersionAsync(tx, SelectVersion, "medium", id, ifMatch, ct)) { return null; }
            var usage = (await c.QueryAsync<MediaUsage>(new CommandDefinition(SelectUsage, new { id, take = 11 }, tx, cancellationToken: ct))).AsList();
            if (usage.Count > 0)
            {
                var listed = string.Join(", ", usage.Take(10).Select(u => $"{u.Kind} {u.Id} ({u.Role})")) + (usage.Count > 10 ? " and more" : "");
                throw new ApiProblemException(StatusCodes.Status409Conflict,
                    $"Medium {id} is in use by {listed}; remove it from them first.");
            }
            var (storageName, original) = await c.QuerySingleAsync<(string, string?)>(new CommandDefinition(Delete, new { id }, tx, cancellationToken: ct));
            var stillUsed = await c.ExecuteScalarAsync<bool>(new CommandDefinition(FileStillUsed, new { storageName }, tx, cancellationToken: ct));
            return (storageName, original, stillUsed);
        }, ct);
        if (removed is not { } r) { return false; }
        if (!r.StillUsed) { deletions.Run(() => store.Delete(r.StorageName, r.OriginalStorageName)); }
        return true;
    }
}
