using Cms.Api.Data;
using Dapper;

namespace Cms.Api.Infrastructure.Auth;

public sealed record ApiKeyRow(long Id, string Name, string Role);

public sealed class ApiKeyRepository(Db db)
{
    const string SelectActiveByHash = """
        SELECT id, name, role
        FROM api_keys
        WHERE key_hash = @hash AND revoked_at IS NULL
        """;

    const string ExistsByHash = "SELECT EXISTS (SELECT 1 FROM api_keys WHERE key_hash = @hash)";

    const string CountAll = "SELECT COUNT(*) FROM api_keys";

    const string Insert = """
        INSERT INTO api_keys (name, prefix, key_hash, role, created_at)
        VALUES (@name, @prefix, @hash, @role, @now)
        """;

    public async Task<ApiKeyRow?> FindActiveAsync(string key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ApiKeyRow>(
            new CommandDefinition(SelectActiveByHash, new { hash = ApiKeys.Hash(key) }, cancellationToken: ct));
    }

    /// <summary>Adds the configured bootstrap key if it is not there yet; on a database without keys and without
    /// a configured key, generates one.</summary>
    /// <returns>The generated key, shown to the operator once, or null.</returns>
    public Task<string?> EnsureBootstrapAdminAsync(string? configuredKey, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (configuredKey is not null)
            {
                var hash = ApiKeys.Hash(configuredKey);
                if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsByHash, new { hash }, tx, cancellationToken: ct)))
                {
                    await InsertAsync(configuredKey);
                }
                return null;
            }
            if (await c.ExecuteScalarAsync<long>(new CommandDefinition(CountAll, transaction: tx, cancellationToken: ct)) > 0) { return null; }
            var generated = ApiKeys.Generate();
            await InsertAsync(generated);
            return generated;

            Task InsertAsync(string key) => c.ExecuteAsync(new CommandDefinition(Insert, new
            {
                name = "bootstrap admin",
                prefix = ApiKeys.Prefix(key),
                hash = ApiKeys.Hash(key),
                role = Roles.Admin,
                now = db.NowUtc(),
            }, tx, cancellationToken: ct));
        }, ct);
}
