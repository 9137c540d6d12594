using Dapper;

namespace Cms.Api.Data;

public sealed class AppSettingsRepository(Db db)
{
    const string InsertIfMissing = "INSERT INTO app_settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING";

    const string SelectValue = "SELECT value FROM app_settings WHERE key = @key";

    public async Task<string> GetOrAddAsync(string key, Func<string> create, CancellationToken ct) =>
        await db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(InsertIfMissing, new { key, value = create() }, tx, cancellationToken: ct));
            return await c.ExecuteScalarAsync<string>(new CommandDefinition(SelectValue, new { key }, tx, cancellationToken: ct));
        }, ct) ?? throw new InvalidOperationException($"Setting {key} could not be stored.");
}
