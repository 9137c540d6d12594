using Cms.Api.Data;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Media;

public sealed record MediaRow(
    long Id, string StorageName, string FileName, string ContentType, long ByteSize, string Sha256,
    long? Width, long? Height, string? Alt, string? Caption, string? Credit, string CreatedAt, string UpdatedAt, long? UploadedByKeyId,
    long Version);

public sealed record MediaText(string? Alt, string? Caption, string? Credit);

/// <summary>Settable properties, not a constructor: the literal columns of the usage query have no declared type,
/// which Dapper's constructor matching cannot handle.</summary>
public sealed class MediaUsage
{
    public string Kind { get; init; } = "";
    public long Id { get; init; }
    public string Role { get; init; } = "";
}

public sealed class MediaRepository(Db db, MediaStore store)
{
    public const string Columns =
        "id, storage_name, file_name, content_type, byte_size, sha256, width, height, alt, caption, credit, created_at, updated_at, uploaded_by_key_id, version";

    const string SelectById = $"SELECT {Columns} FROM media WHERE id = @id";

    const string SelectByIds = $"SELECT {Columns} FROM media WHERE id IN @ids";

    const string SelectPage = $"""
        SELECT {Columns} FROM media
        WHERE @beforeId IS NULL OR id < @beforeId
        ORDER BY id DESC
        LIMIT @take
        """;

    const string Insert = $"""
        INSERT INTO media (storage_name, file_name, content_type, byte_size, sha256, width, height, alt, caption, credit, created_at, updated_at,
                           uploaded_by_key_id)
        VALUES (@storageName, @fileName, @contentType, @byteSize, @sha256, @width, @height, @Alt, @Caption, @Credit, @now, @now, @uploadedBy)
        RETURNING {Columns}
        """;

    const string UpdateText = $"""
        UPDATE media SET alt = @Alt, caption = @Caption, credit = @Credit, updated_at = @now, version = version + 1
        WHERE id = @id AND (@anyVersion OR version IN @versions)
        RETURNING {Columns}
        """;

    const string SelectUsage = """
        SELECT 'article' AS kind, id, 'cover' AS role FROM articles WHERE cover_media_id = @id
        UNION ALL SELECT 'article', article_id, 'media list' FROM article_media WHERE media_id = @id
        UNION ALL SELECT 'article', article_id, 'inline image' FROM article_inline_media WHERE media_id = @id
        UNION ALL SELECT 'author', id, 'avatar' FROM authors WHERE avatar_media_id = @id
        LIMIT 11
        """;

    const string Delete = "DELETE FROM media WHERE id = @id RETURNING storage_name";

    const string SelectVersion = "SELECT version FROM media WHERE id = @id";

    public async Task<MediaRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<MediaRow>(new CommandDefinition(SelectById, new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyDictionary<long, MediaRow>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) { return new Dictionary<long, MediaRow>(); }
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<MediaRow>(new CommandDefinition(SelectByIds, new { ids }, cancellationToken: ct))).ToDictionary(m => m.Id);
    }

    public async Task<IReadOnlyList<MediaRow>> ListAsync(long? beforeId, int take, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<MediaRow>(new CommandDefinition(SelectPage, new { beforeId, take }, cancellationToken: ct))).AsList();
    }

    /// <summary>Records a staged upload and moves its file into place before the commit, so a saved row always has
    /// its file; if anything fails, the row is rolled back and the file removed.</summary>
    public async Task<MediaRow> CreateAsync(StagedUpload staged, string fileName, MediaText text, long? uploadedBy, CancellationToken ct)
    {
        try
        {
            return await db.WriteAsync(async (c, tx) =>
            {
                var p = new DynamicParameters(text);
                p.AddDynamicParams(new
                {
                    storageName = staged.StorageName,
                    fileName,
                    contentType = staged.Image.Format.ContentType,
                    byteSize = staged.ByteSize,
                    sha256 = staged.Sha256,
                    width = staged.Image.Width,
                    height = staged.Image.Height,
                    now = db.NowUtc(),
                    uploadedBy,
                });
                var row = await c.QuerySingleAsync<MediaRow>(new CommandDefinition(Insert, p, tx, cancellationToken: ct));
                store.Commit(staged);
                return row;
            }, ct);
        }
        catch
        {
            store.Discard(staged);
            throw;
        }
    }

    /// <returns>Null when no medium has this id; a 412 problem when it is not at a version If-Match allows.</returns>
    public Task<MediaRow?> UpdateTextAsync(long id, MediaText text, IfMatch ifMatch, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        var p = new DynamicParameters(text);
        p.AddDynamicParams(new { id, now = db.NowUtc(), anyVersion = ifMatch.Any, versions = ifMatch.Versions.DefaultIfEmpty(-1) });
        var row = await c.QuerySingleOrDefaultAsync<MediaRow>(new CommandDefinition(UpdateText, p, tx, cancellationToken: ct));
        if (row is null)
        {
            await EnsureVersionAsync(c, tx, id, ifMatch, ct);
            return null;
        }
        await SyncLog.RecordArticlesShowingAsync(c, tx, ArticleDependency.Medium, id, ct);
        return row;
    }, ct);

    /// <returns>False when no medium has this id.</returns>
    public async Task<bool> DeleteAsync(long id, IfMatch ifMatch, CancellationToken ct)
    {
        var storageName = await db.WriteAsync(async (c, tx) =>
        {
            if (!await EnsureVersionAsync(c, tx, id, ifMatch, ct)) { return null; }
            var usage = (await c.QueryAsync<MediaUsage>(new CommandDefinition(SelectUsage, new { id }, tx, cancellationToken: ct))).AsList();
            if (usage.Count > 0)
            {
                var listed = string.Join(", ", usage.Take(10).Select(u => $"{u.Kind} {u.Id} ({u.Role})")) + (usage.Count > 10 ? " and more" : "");
                throw new ApiProblemException(StatusCodes.Status409Conflict,
                    $"Medium {id} is in use by {listed}; remove it from them first.");
            }
            return await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(Delete, new { id }, tx, cancellationToken: ct));
        }, ct);
        if (storageName is null) { return false; }
        store.Delete(storageName);
        return true;
    }

    /// <returns>False when no medium has this id; throws 412 when it exists at a version If-Match does not allow.</returns>
    static async Task<bool> EnsureVersionAsync(SqliteConnection c, SqliteTransaction tx, long id, IfMatch ifMatch, CancellationToken ct)
    {
        var version = await c.ExecuteScalarAsync<long?>(new CommandDefinition(SelectVersion, new { id }, tx, cancellationToken: ct));
        if (version is null) { return false; }
        return ifMatch.Allows(version.Value) ? true : throw Preconditions.Stale("medium", id, version.Value);
    }
}
