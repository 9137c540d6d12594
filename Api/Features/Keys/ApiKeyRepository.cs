using Cms.Api.Data;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Keys;

public sealed record ApiKeyRow(
    long Id, string Name, string Prefix, string Role, long? AuthorId, string? ExpiresAt, long ReadOnly, string CreatedAt,
    string? LastUsedAt, string? RevokedAt)
{
    public IReadOnlyList<long> StationIds { get; init; } = [];
}

public sealed record ApiKeyFields(string Name, string Role, long? AuthorId, IReadOnlyList<long> StationIds, string? ExpiresAt, bool ReadOnly);

public sealed class ApiKeyRepository(Db db, TimeProvider clock)
{
    const string Columns = "id, name, prefix, role, author_id, expires_at, read_only, created_at, last_used_at, revoked_at";

    const string SelectActiveByHash = $"""
        SELECT {Columns} FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL;
        SELECT s.station_id FROM api_key_stations s JOIN api_keys k ON k.id = s.key_id WHERE k.key_hash = @hash;
        """;

    const string SelectById = $"SELECT {Columns} FROM api_keys WHERE id = @id";

    /// <summary>A page of keys; with @limited, only keys limited to some of @stations (never an unlimited key).</summary>
    const string SelectPage = $"""
        SELECT {Columns} FROM api_keys k
        WHERE (@beforeId IS NULL OR id < @beforeId)
          AND (@limited = 0 OR (EXISTS (SELECT 1 FROM api_key_stations s WHERE s.key_id = k.id)
                                AND NOT EXISTS (SELECT 1 FROM api_key_stations s WHERE s.key_id = k.id AND s.station_id NOT IN @stations)))
        ORDER BY id DESC
        LIMIT @take
        """;

    const string SelectStations = "SELECT key_id, station_id FROM api_key_stations WHERE key_id IN @ids ORDER BY station_id";

    const string ExistsByHash = "SELECT EXISTS (SELECT 1 FROM api_keys WHERE key_hash = @hash)";

    const string CountAll = "SELECT COUNT(*) FROM api_keys";

    const string Insert = """
        INSERT INTO api_keys (name, prefix, key_hash, role, author_id, expires_at, read_only, created_at)
        VALUES (@name, @prefix, @hash, @role, @authorId, @expiresAt, @readOnly, @now)
        RETURNING id
        """;

    const string InsertStation = "INSERT INTO api_key_stations (key_id, station_id) VALUES (@keyId, @stationId)";

    const string TouchLastUsed = "UPDATE api_keys SET last_used_at = @now WHERE id = @id";

    /// <summary>Working admin keys other than @id that are limited to no station: only those can manage every key.</summary>
    const string CountOtherActiveUnlimitedAdmins = """
        SELECT COUNT(*) FROM api_keys k
        WHERE role = 'admin' AND revoked_at IS NULL AND read_only = 0 AND id <> @id AND (expires_at IS NULL OR expires_at > @now)
          AND NOT EXISTS (SELECT 1 FROM api_key_stations s WHERE s.key_id = k.id)
        """;

    const string HasStations = "SELECT EXISTS (SELECT 1 FROM api_key_stations WHERE key_id = @id)";

    const string Revoke = "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL";

    const string AuthorExists = "SELECT EXISTS (SELECT 1 FROM authors WHERE id = @id)";

    const string ExistingStations = "SELECT id FROM stations WHERE id IN @ids";

    readonly System.Collections.Concurrent.ConcurrentDictionary<long, DateTimeOffset> lastTouched = new();

    /// <summary>The key behind a secret, unless it is unknown or revoked (expiry is the caller's to judge).</summary>
    public async Task<ApiKeyRow?> FindActiveAsync(string key, CancellationToken ct)
    {
        return await db.ReadAsync(async c =>
        {
            await using var grid = await c.QueryMultipleAsync(new CommandDefinition(SelectActiveByHash, new { hash = ApiKeys.Hash(key) }, cancellationToken: ct));
            var row = await grid.ReadSingleOrDefaultAsync<ApiKeyRow>();
            var stations = (await grid.ReadAsync<long>()).ToList();
            return row is null ? null : row with { StationIds = stations };
        }, ct);
    }

    /// <summary>Notes that a key was used, at most once a minute per key, so that reads do not turn into writes.</summary>
    public async Task TouchAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (lastTouched.TryGetValue(id, out var last) && now - last < TimeSpan.FromMinutes(1)) { return; }
        lastTouched[id] = now;
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(TouchLastUsed, new { id, now = db.NowUtc() }, tx, cancellationToken: ct)), ct);
    }

    public async Task<ApiKeyRow?> FindAsync(long id, CancellationToken ct) => (await WithStationsAsync(await QueryAsync(SelectById, new { id }, ct), ct)).SingleOrDefault();

    /// <param name="withinStations">Only keys limited to some of these stations; null for every key.</param>
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(long? beforeId, int take, IReadOnlySet<long>? withinStations, CancellationToken ct) =>
        await WithStationsAsync(await QueryAsync(SelectPage,
            new { beforeId, take, limited = withinStations is not null, stations = (withinStations ?? new HashSet<long>()).ToList() }, ct), ct);

    /// <returns>The new key's row and its secret, which is shown once and stored only as a hash.</returns>
    public Task<(ApiKeyRow Row, string Secret)> CreateAsync(ApiKeyFields fields, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        await CheckReferencesAsync(c, tx, fields, ct);
        var secret = ApiKeys.Generate();
        var id = await InsertAsync(c, tx, secret, fields, ct);
        var row = await c.QuerySingleAsync<ApiKeyRow>(new CommandDefinition(SelectById, new { id }, tx, cancellationToken: ct));
        return (row with { StationIds = fields.StationIds }, secret);
    }, ct);

    /// <returns>False when no key has this id or it is already revoked. The last working unlimited admin key is
    /// kept: station-limited admins cannot manage every key, so they do not count.</returns>
    public Task<bool> RevokeAsync(long id, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        var key = await c.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(SelectById, new { id }, tx, cancellationToken: ct));
        if (key is null || key.RevokedAt is not null) { return false; }
        if (key.Role == Caller.RoleName(KeyRole.Admin) &&
            !await c.ExecuteScalarAsync<bool>(new CommandDefinition(HasStations, new { id }, tx, cancellationToken: ct)) &&
            await c.ExecuteScalarAsync<long>(new CommandDefinition(CountOtherActiveUnlimitedAdmins, new { id, now = db.NowUtc() }, tx, cancellationToken: ct)) == 0)
        {
            throw new ApiProblemException(ProblemTypes.StateConflict,
                "This is the last working admin key limited to no station; create another such admin key before revoking it.");
        }
        return await c.ExecuteAsync(new CommandDefinition(Revoke, new { id, now = db.NowUtc() }, tx, cancellationToken: ct)) == 1;
    }, ct);

    /// <summary>Adds the configured bootstrap key if it is not there yet; on a database without keys and without
    /// a configured key, generates one.</summary>
    /// <returns>The generated key, shown to the operator once, or null.</returns>
    public Task<string?> EnsureBootstrapAdminAsync(string? configuredKey, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var admin = new ApiKeyFields("bootstrap admin", Caller.RoleName(KeyRole.Admin), null, [], null, false);
            if (configuredKey is not null)
            {
                if (ApiKeys.Weakness(configuredKey) is { } weakness)
                {
                    throw new WeakBootstrapKeyException($"Cms:BootstrapAdminKey is too weak to be an admin key: {weakness}. " +
                        "Choose a long random key (e.g. the output of 'openssl rand -base64 32'), or leave the setting out to have one generated.");
                }
                if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsByHash, new { hash = ApiKeys.Hash(configuredKey) }, tx, cancellationToken: ct)))
                {
                    await InsertAsync(c, tx, configuredKey, admin, ct);
                }
                return null;
            }
            if (await c.ExecuteScalarAsync<long>(new CommandDefinition(CountAll, transaction: tx, cancellationToken: ct)) > 0) { return null; }
            var generated = ApiKeys.Generate();
            await InsertAsync(c, tx, generated, admin, ct);
            return generated;
        }, ct);

    async Task<long> InsertAsync(SqliteConnection c, SqliteTransaction tx, string secret, ApiKeyFields f, CancellationToken ct)
    {
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(Insert, new
        {
            name = f.Name,
            prefix = ApiKeys.Prefix(secret),
            hash = ApiKeys.Hash(secret),
            role = f.Role,
            authorId = f.AuthorId,
            expiresAt = f.ExpiresAt,
            readOnly = f.ReadOnly,
            now = db.NowUtc(),
        }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(InsertStation, f.StationIds.Select(s => new { keyId = id, stationId = s }), tx, cancellationToken: ct));
        return id;
    }

    static async Task CheckReferencesAsync(SqliteConnection c, SqliteTransaction tx, ApiKeyFields f, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (f.AuthorId is { } author && !await c.ExecuteScalarAsync<bool>(new CommandDefinition(AuthorExists, new { id = author }, tx, cancellationToken: ct)))
        {
            errors["authorId"] = [Problems.NoSuch("author", author)];
        }
        if (f.StationIds.Count > 0)
        {
            var existing = (await c.QueryAsync<long>(new CommandDefinition(ExistingStations, new { ids = f.StationIds }, tx, cancellationToken: ct))).ToHashSet();
            var missing = f.StationIds.Where(s => !existing.Contains(s)).ToList();
            if (missing.Count > 0) { errors["stationIds"] = [$"No station has the id(s) {string.Join(", ", missing)}."]; }
        }
        if (errors.Count > 0) { throw ApiProblemException.MissingReference(errors); }
    }

    async Task<List<ApiKeyRow>> QueryAsync(string sql, object args, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<ApiKeyRow>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList(), ct);
    }

    async Task<IReadOnlyList<ApiKeyRow>> WithStationsAsync(List<ApiKeyRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) { return rows; }
        var stations = (await db.ReadAsync(c => c.QueryAsync<(long KeyId, long StationId)>(
            new CommandDefinition(SelectStations, new { ids = rows.Select(r => r.Id).ToList() }, cancellationToken: ct)), ct)).ToLookup(s => s.KeyId, s => s.StationId);
        return rows.Select(r => r with { StationIds = stations[r.Id].ToList() }).ToList();
    }
}

/// <summary>The configured bootstrap admin key is too weak to start with (Cms:BootstrapAdminKey).</summary>
public sealed class WeakBootstrapKeyException(string message) : Exception(message);
