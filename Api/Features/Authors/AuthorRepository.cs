using Cms.Api.Data;
using Cms.Api.Features.Search;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Authors;

public sealed record AuthorRow(
    long Id, string Slug, string Name, string? Bio, long? AvatarMediaId, string? Email, string CreatedAt, string UpdatedAt,
    string? AvatarSha256, long Version);

public sealed record AuthorFields(string Slug, string Name, string? Bio, long? AvatarMediaId, string? Email);

public sealed class AuthorRepository(Db db)
{
    // The avatar's hash comes along so that its URL can name it (and be cached for good).
    const string Select = """
        SELECT a.id, a.slug, a.name, a.bio, a.avatar_media_id, a.email, a.created_at, a.updated_at, m.sha256 AS avatar_sha256, a.version
        FROM authors a LEFT JOIN media m ON m.id = a.avatar_media_id
        """;

    const string SelectById = $"{Select} WHERE a.id = @id";

    const string SelectByIdOrSlug = $"{Select} WHERE a.id = @id OR a.slug = @slug";

    const string SelectPage = $"""
        {Select}
        WHERE @afterId IS NULL OR a.id > @afterId
        ORDER BY a.id
        LIMIT @take
        """;

    const string MediaExists = "SELECT EXISTS (SELECT 1 FROM media WHERE id = @id)";

    const string Insert = """
        INSERT INTO authors (slug, name, bio, avatar_media_id, email, created_at, updated_at)
        VALUES (@Slug, @Name, @Bio, @AvatarMediaId, @Email, @now, @now)
        RETURNING id
        """;

    const string Update = """
        UPDATE authors
        SET slug = @Slug, name = @Name, bio = @Bio, avatar_media_id = @AvatarMediaId, email = @Email, updated_at = @now,
            version = version + 1
        WHERE id = @id
        """;

    const string SelectBylineArticles = "SELECT DISTINCT article_id FROM article_bylines WHERE author_id = @id ORDER BY article_id LIMIT 11";

    const string SelectStationsOutside = """
        SELECT DISTINCT a.station_id FROM article_bylines b JOIN articles a ON a.id = b.article_id
        WHERE b.author_id = @id AND a.station_id NOT IN @stations
        ORDER BY a.station_id LIMIT 11
        """;

    const string Delete = "DELETE FROM authors WHERE id = @id";

    const string SelectVersion = "SELECT version FROM authors WHERE id = @id";

    public async Task<AuthorRow?> FindAsync(long id, CancellationToken ct)
    {
        return await db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<AuthorRow>(new CommandDefinition(SelectById, new { id }, cancellationToken: ct)), ct);
    }

    /// <summary>Finds an author by numeric id or by slug, as list filters accept either.</summary>
    public async Task<AuthorRow?> FindByKeyAsync(string key, CancellationToken ct)
    {
        var id = long.TryParse(key, out var n) ? n : (long?)null;
        return await db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<AuthorRow>(
            new CommandDefinition(SelectByIdOrSlug, new { id, slug = id is null ? key : null }, cancellationToken: ct)), ct);
    }

    public async Task<IReadOnlyList<AuthorRow>> ListAsync(long? afterId, int take, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<AuthorRow>(new CommandDefinition(SelectPage, new { afterId, take }, cancellationToken: ct))).AsList(), ct);
    }

    public Task<AuthorRow> CreateAsync(AuthorFields fields, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        await EnsureAvatarExists(c, tx, fields.AvatarMediaId, ct);
        var id = await SlugUnique(fields.Slug, () =>
            c.ExecuteScalarAsync<long>(new CommandDefinition(Insert, Params(fields), tx, cancellationToken: ct)));
        return await c.QuerySingleAsync<AuthorRow>(new CommandDefinition(SelectById, new { id }, tx, cancellationToken: ct));
    }, ct);

    /// <summary>A change by the system (demo content), bound to no stations.</summary>
    public Task<AuthorRow?> UpdateAsync(long id, AuthorFields fields, IfMatch ifMatch, CancellationToken ct) => UpdateAsync(id, fields, ifMatch, null, ct);

    /// <returns>Null when no author has this id; a 412 problem when it is not at a version If-Match allows.</returns>
    /// <param name="stations">The stations of a station-limited admin (null: unlimited); see <see cref="EnsureWithinAsync"/>.</param>
    public Task<AuthorRow?> UpdateAsync(long id, AuthorFields fields, IfMatch ifMatch, IReadOnlyCollection<long>? stations, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
    {
        if (!await c.EnsureVersionAsync(tx, SelectVersion, "author", id, ifMatch, ct)) { return null; }
        await EnsureWithinAsync(c, tx, id, stations, ct);
        await EnsureAvatarExists(c, tx, fields.AvatarMediaId, ct);
        var p = Params(fields);
        p.Add("id", id);
        await SlugUnique(fields.Slug, () => c.ExecuteAsync(new CommandDefinition(Update, p, tx, cancellationToken: ct)));
        await SearchIndex.IndexArticlesOfAuthorAsync(c, tx, id, ct);
        await SyncLog.RecordArticlesShowingAsync(c, tx, ArticleDependency.Author, id, ct);
        return await c.QuerySingleAsync<AuthorRow>(new CommandDefinition(SelectById, new { id }, tx, cancellationToken: ct));
    }, ct);

    /// <returns>False when no author has this id.</returns>
    public Task<bool> DeleteAsync(long id, IfMatch ifMatch, IReadOnlyCollection<long>? stations, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        if (!await c.EnsureVersionAsync(tx, SelectVersion, "author", id, ifMatch, ct)) { return false; }
        await EnsureWithinAsync(c, tx, id, stations, ct);
        var articles = (await c.QueryAsync<long>(new CommandDefinition(SelectBylineArticles, new { id }, tx, cancellationToken: ct))).AsList();
        if (articles.Count > 0)
        {
            var listed = string.Join(", ", articles.Take(10)) + (articles.Count > 10 ? " and more" : "");
            throw new ApiProblemException(ProblemTypes.InUse,
                $"Author {id} is named in the bylines of article(s) {listed}; remove those bylines first.");
        }
        return await c.ExecuteAsync(new CommandDefinition(Delete, new { id }, tx, cancellationToken: ct)) == 1;
    }, ct);

    /// <summary>An author belongs to the stations of the articles that carry its byline: an admin limited to some stations
    /// changes only authors with no byline elsewhere (an author without bylines belongs to no station, so to every admin).
    /// Checked inside the write transaction, so a byline added meanwhile counts.</summary>
    static async Task EnsureWithinAsync(SqliteConnection c, SqliteTransaction tx, long id, IReadOnlyCollection<long>? stations, CancellationToken ct)
    {
        if (stations is null) { return; }
        var outside = (await c.QueryAsync<long>(new CommandDefinition(SelectStationsOutside,
            new { id, stations = stations.DefaultIfEmpty(-1) }, tx, cancellationToken: ct))).AsList();
        if (outside.Count == 0) { return; }
        var listed = string.Join(", ", outside.Take(10)) + (outside.Count > 10 ? " and more" : "");
        throw new ApiProblemException(ProblemTypes.Forbidden,
            $"Author {id} has bylines in station(s) {listed}, which this key may not work on; an admin of those stations can change the author.");
    }

    static async Task EnsureAvatarExists(SqliteConnection c, SqliteTransaction tx, long? mediaId, CancellationToken ct)
    {
        if (mediaId is null) { return; }
        if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(MediaExists, new { id = mediaId }, tx, cancellationToken: ct)))
        {
            throw ApiProblemException.MissingReference(new Dictionary<string, string[]>
            {
                ["avatarMediaId"] = [$"No medium has the id {mediaId}; upload it first with POST /api/v1/media."],
            });
        }
    }

    DynamicParameters Params(AuthorFields f)
    {
        var p = new DynamicParameters(f);
        p.Add("now", db.NowUtc());
        return p;
    }

    static Task<T> SlugUnique<T>(string slug, Func<Task<T>> write) =>
        SqliteErrors.ConflictOnDuplicate(write, "slug", $"Another author already has the slug '{slug}'.");
}
