using Cms.Api.Data;
using Dapper;

namespace Cms.Api.Features.Health;

public sealed class HealthRepository(Db db)
{
    const string RecordCheck = """
        INSERT INTO health_checks (id, checked_at) VALUES (1, @now)
        ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at
        """;

    const string ReadCheck = "SELECT checked_at FROM health_checks WHERE id = 1";

    /// <summary>Writes a row and reads it back: proves the database file can take writes, not only that it opens.</summary>
    public Task<bool> CanReadAndWriteAsync(CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        var now = db.NowUtc();
        await c.ExecuteAsync(new CommandDefinition(RecordCheck, new { now }, tx, cancellationToken: ct));
        return await c.ExecuteScalarAsync<string>(new CommandDefinition(ReadCheck, transaction: tx, cancellationToken: ct)) == now;
    }, ct);
}
