using Cms.Api.Data;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Channels;

public sealed record ChannelRow(
    long Id, long StationId, string Slug, string Name, long SortOrder, string CreatedAt, string UpdatedAt, long Version);

public sealed record ChannelFields(string Slug, string Name, int SortOrder);

public sealed class ChannelRepository(Db db)
{
    const string Columns = "id, station_id, slug, name, sort_order, created_at, updated_at, version";

    const string SelectById = $"SELECT {Columns} FROM channels WHERE id = @id";

    const string SelectBySlug = $"SELECT {Columns} FROM channels WHERE station_id = @stationId AND slug = @slug";

    const string SelectForStations = $"""
        SELECT {Columns} FROM channels
        WHERE station_id IN @stationIds
        ORDER BY station_id, sort_order, id
        """;

    const string SelectPage = $"""
        SELECT {Columns} FROM channels
        WHERE station_id = @stationId
          AND (@afterOrder IS NULL OR sort_order > @afterOrder OR (sort_order = @afterOrder AND id > @afterId))
        ORDER BY sort_order, id
        LIMIT @take
        """;

    const string Insert = $"""
        INSERT INTO channels (station_id, slug, name, sort_order, created_at, updated_at)
        VALUES (@stationId, @Slug, @Name, @SortOrder, @now, @now)
        RETURNING {Columns}
        """;

    const string Update = $"""
        UPDATE channels
        SET slug = @Slug, name = @Name, sort_order = @SortOrder, updated_at = @now, version = version + 1
        WHERE id = @id AND (@anyVersion OR version IN @versions)
        RETURNING {Columns}
        """;

    const string CountArticles = "SELECT COUNT(*) FROM articles WHERE channel_id = @id";

    const string Delete = "DELETE FROM channels WHERE id = @id";

    const string SelectVersion = "SELECT version FROM channels WHERE id = @id";

    public async Task<ChannelRow?> FindAsync(long id, CancellationToken ct)
    {
        return await db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<ChannelRow>(new CommandDefinition(SelectById, new { id }, cancellationToken: ct)), ct);
    }

    /// <summary>Finds a channel by numeric id, or by slug within a station (slugs are unique per station only).</summary>
    public async Task<ChannelRow?> FindByKeyAsync(string key, long? stationId, CancellationToken ct)
    {
        if (long.TryParse(key, out var id)) { return await FindAsync(id, ct); }
        if (stationId is null) { return null; }
        return await db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<ChannelRow>(
            new CommandDefinition(SelectBySlug, new { stationId, slug = key }, cancellationToken: ct)), ct);
    }

    public async Task<IReadOnlyList<ChannelRow>> ListForStationsAsync(IReadOnlyCollection<long> stationIds, CancellationToken ct)
    {
        if (stationIds.Count == 0) { return []; }
        return await db.ReadAsync(async c => (await c.QueryAsync<ChannelRow>(
            new CommandDefinition(SelectForStations, new { stationIds }, cancellationToken: ct))).AsList(), ct);
    }

    public async Task<IReadOnlyList<ChannelRow>> ListAsync(long stationId, long? afterOrder, long? afterId, int take, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<ChannelRow>(
            new CommandDefinition(SelectPage, new { stationId, afterOrder, afterId, take }, cancellationToken: ct))).AsList(), ct);
    }

    public Task<ChannelRow> CreateAsync(long stationId, ChannelFields fields, CancellationToken ct) =>
        db.WriteAsync((c, tx) => SlugUnique(fields.Slug, () =>
        {
            var p = Params(fields);
            p.Add("stationId", stationId);
            return c.QuerySingleAsync<ChannelRow>(new CommandDefinition(Insert, p, tx, cancellationToken: ct));
        }), ct);

    /// <returns>Null when no channel has this id; a 412 problem when it is not at a version If-Match allows.</returns>
    public Task<ChannelRow?> UpdateAsync(long id, ChannelFields fields, IfMatch ifMatch, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        var p = Params(fields);
        p.AddDynamicParams(ifMatch.SqlParameters(id));
        var channel = await SlugUnique(fields.Slug, () =>
            c.QuerySingleOrDefaultAsync<ChannelRow>(new CommandDefinition(Update, p, tx, cancellationToken: ct)));
        if (channel is null)
        {
            await c.EnsureVersionAsync(tx, SelectVersion, "channel", id, ifMatch, ct);
            return null;
        }
        await SyncLog.RecordArticlesShowingAsync(c, tx, ArticleDependency.Channel, id, ct);
        return channel;
    }, ct);

    /// <returns>False when no channel has this id.</returns>
    public Task<bool> DeleteAsync(long id, IfMatch ifMatch, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        if (!await c.EnsureVersionAsync(tx, SelectVersion, "channel", id, ifMatch, ct)) { return false; }
        var articles = await c.ExecuteScalarAsync<long>(new CommandDefinition(CountArticles, new { id }, tx, cancellationToken: ct));
        if (articles > 0)
        {
            throw new ApiProblemException(ProblemTypes.InUse,
                $"Channel {id} still has {articles} article(s); move or delete them first.");
        }
        return await c.ExecuteAsync(new CommandDefinition(Delete, new { id }, tx, cancellationToken: ct)) == 1;
    }, ct);

    DynamicParameters Params(ChannelFields f)
    {
        var p = new DynamicParameters(f);
        p.Add("now", db.NowUtc());
        return p;
    }

    static Task<T> SlugUnique<T>(string slug, Func<Task<T>> write) =>
        SqliteErrors.ConflictOnDuplicate(write, "slug", $"This station already has a channel with the slug '{slug}'.");
}
