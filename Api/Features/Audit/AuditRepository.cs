using Cms.Api.Data;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Extensions.Options;

namespace Cms.Api.Features.Audit;

public sealed record AuditRow(
    long Id, string At, long? KeyId, string? KeyName, string? Role, string Method, string Path, string? Operation, long Status, string? ClientAddress);

public sealed record AuditEntry(long? KeyId, string? KeyName, string? Role, string Method, string Path, string? Operation, int Status, string? ClientAddress);

public sealed class AuditRepository(Db db, TimeProvider clock, IOptions<CmsOptions> options)
{
    /// <summary>How often the write that records an entry also removes entries past retention.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    const string Insert = """
        INSERT INTO audit_log (at, key_id, key_name, role, method, path, operation, status, client_address)
        VALUES (@at, @KeyId, @KeyName, @Role, @Method, @Path, @Operation, @Status, @ClientAddress)
        """;

    const string DeleteOlder = "DELETE FROM audit_log WHERE at < @cutoff";

    const string SelectPage = """
        SELECT id, at, key_id, key_name, role, method, path, operation, status, client_address
        FROM audit_log
        WHERE (@beforeId IS NULL OR id < @beforeId) AND (@keyId IS NULL OR key_id = @keyId)
        ORDER BY id DESC
        LIMIT @take
        """;

    readonly int retentionDays = options.Value.Audit.RetentionDays;
    long nextPruneTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>Records the entry; the first write after start-up, and then one an hour, also removes the entries
    /// older than <c>Cms:Audit:RetentionDays</c> in the same transaction.</summary>
    public Task RecordAsync(AuditEntry entry, CancellationToken ct) => db.WriteAsync(async (c, tx) =>
    {
        var now = clock.GetUtcNow();
        if (PruneIsDue(now))
        {
            var cutoff = Timestamps.Format(now.AddDays(-retentionDays));
            await c.ExecuteAsync(new CommandDefinition(DeleteOlder, new { cutoff }, tx, cancellationToken: ct));
        }
        var p = new DynamicParameters(entry);
        p.Add("at", db.NowUtc());
        await c.ExecuteAsync(new CommandDefinition(Insert, p, tx, cancellationToken: ct));
    }, ct);

    bool PruneIsDue(DateTimeOffset now)
    {
        if (retentionDays <= 0) { return false; }
        var due = Interlocked.Read(ref nextPruneTicks);
        return now.UtcTicks >= due && Interlocked.CompareExchange(ref nextPruneTicks, (now + PruneInterval).UtcTicks, due) == due;
    }

    public async Task<IReadOnlyList<AuditRow>> ListAsync(long? beforeId, long? keyId, int take, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<AuditRow>(new CommandDefinition(SelectPage, new { beforeId, keyId, take }, cancellationToken: ct))).AsList(), ct);
    }
}
