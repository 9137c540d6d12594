using Cms.Api.Data;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Stations;

public sealed record StationRow(
    long Id, string Slug, string Name, string? Description, string? Hotline, long SortOrder, string CreatedAt, string UpdatedAt, long Version);

public sealed record StationFields(string Slug, string Name, string? Description, string? Hotline, int SortOrder);

public sealed class StationRepository(Db db)
{
    const string Columns = "id, slug, name, description, hotline, sort_order, created_at, updated_at, version";

    const string SelectById = $"SELECT {Columns} FROM stations WHERE id = @id";

    const string SelectByIdOrSlug = $"SELECT {Columns} FROM stations WHERE id = @id OR slug = @slug";

    const string SelectPage = $"""
        SELECT {Columns} FROM stations
        WHERE @afterOrder IS NULL OR sort_order > @afterOrder OR (sort_order = @afterOrder AND id > @afterId)
        ORDER BY sort_order, id
        LIMIT @take
        """;

    const string Insert = $"""
        INSERT INTO stations (slug, name, description, hotline, sort_order, created_at, updated_at)
        VALUES (@Slug, @Name, @Description, @Hotline, @SortOrder, @now, @now)
        RETURNING {Columns}
        """;

    const string Update = $"""
        UPDATE stations
        SET slug = @Slug, name = @Name, description = @Description, hotline = @Hotline, sort_order = @SortOrder, updated_at = @now,
            version = version + 1
        WHERE id = @id AND (@anyVersion OR version IN @versions)
        RETURNING {Columns}
        """;

    const string CountDependents = """
        SELECT (SELECT COUNT(*) FROM channels WHERE station_id = @id) AS channels,
               (SELECT COUNT(*) FROM articles WHERE station_id = @id) AS articles
        """;

    const string Delete = "DELETE FROM stations WHERE id = @id";

    const string SelectVersion = "SELECT version FROM stations WHERE id = @id";

    public async Task<StationRow?> FindAsync(long id, CancellationToken ct)
    {
        return await db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<StationRow>(new CommandDefinition(SelectById, new { id }, cancellationToken: ct)), ct);
    }

    /// <summary>Finds a station by numeric id or by slug, as list filters accept either.</summary>
    public async Task<StationRow?> FindByKeyAsync(string key, CancellationToken ct)
    {
        var id = long.TryParse(key, out var n) ? n : (long?)null;
        return await db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<StationRow>(
            new CommandDefinition(SelectByIdOrSlug, new { id, slug = id is null ? key : null }, cancellationToken: ct)), ct);
    }

    public async Task<IReadOnlyList<StationRow>> ListAsync(long? afterOrder, long? afterId, int take, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<StationRow>(
            new CommandDefinition(SelectPage, new { afterOrder, afterId, take }, cancellationToken: ct))).AsList(), ct);
    }

    public Task<StationRow> CreateAsync(StationFields fields, CancellationToken ct) =>
        db.WriteAsync((c, tx) => SlugUnique(fields.Slug, () =>
            c.QuerySingleAsync<StationRow>(new CommandDefinition(Insert, Params(fields), tx, cancellationToken: ct))), ct);

    /// <returns>Null when no station has this id; a 412 problem when it is not at a version If-Match allows.</returns>
    public Task<StationRow?> UpdateAsync(long id, StationFields fields, IfMatch ifMatch, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        var p = Params(fields);
        p.AddDynamicParams(ifMatch.SqlParameters(id));
        var station = await SlugUnique(fields.Slug, () =>
            c.QuerySingleOrDefaultAsync<StationRow>(new CommandDefinition(Update, p, tx, cancellationToken: ct)));
        if (station is null)
        {
            await c.EnsureVersionAsync(tx, SelectVersion, "station", id, ifMatch, ct);
            return null;
        }
        await SyncLog.RecordArticlesShowingAsync(c, tx, ArticleDependency.Station, id, ct);
        return station;
    }, ct);

    /// <returns>False when no station has this id.</returns>
    public Task<bool> DeleteAsync(long id, IfMatch ifMatch, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        if (!await c.EnsureVersionAsync(tx, SelectVersion, "station", id, ifMatch, ct)) { return false; }
        var (channels, articles) = await c.QuerySingleAsync<(long, long)>(
            new CommandDefinition(CountDependents, new { id }, tx, cancellationToken: ct));
        if (channels + articles > 0)
        {
            throw new ApiProblemException(ProblemTypes.InUse,
                $"Station {id} still has {channels} channel(s) and {articles} article(s); move or delete them first.");
        }
        return await c.ExecuteAsync(new CommandDefinition(Delete, new { id }, tx, cancellationToken: ct)) == 1;
    }, ct);

    DynamicParameters Params(StationFields f)
    {
        var p = new DynamicParameters(f);
        p.Add("now", db.NowUtc());
        return p;
    }

    static Task<T> SlugUnique<T>(string slug, Func<Task<T>> write) =>
        SqliteErrors.ConflictOnDuplicate(write, "slug", $"Another station already has the slug '{slug}'.");
}
