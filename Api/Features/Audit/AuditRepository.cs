using Cms.Api.Data;
using Dapper;

namespace Cms.Api.Features.Audit;

public sealed record AuditRow(
    long Id, string At, long? KeyId, string? KeyName, string? Role, string Method, string Path, string? Operation, long Status, string? ClientAddress);

public sealed record AuditEntry(long? KeyId, string? KeyName, string? Role, string Method, string Path, string? Operation, int Status, string? ClientAddress);

public sealed class AuditRepository(Db db)
{
    const string Insert = """
        INSERT INTO audit_log (at, key_id, key_name, role, method, path, operation, status, client_address)
        VALUES (@at, @KeyId, @KeyName, @Role, @Method, @Path, @Operation, @Status, @ClientAddress)
        """;

    const string SelectPage = """
        SELECT id, at, key_id, key_name, role, method, path, operation, status, client_address
        FROM audit_log
        WHERE (@beforeId IS NULL OR id < @beforeId) AND (@keyId IS NULL OR key_id = @keyId)
        ORDER BY id DESC
        LIMIT @take
        """;

    public Task RecordAsync(AuditEntry entry, CancellationToken ct) => db.WriteAsync((c, tx) =>
    {
        var p = new DynamicParameters(entry);
        p.Add("at", db.NowUtc());
        return c.ExecuteAsync(new CommandDefinition(Insert, p, tx, cancellationToken: ct));
    }, ct);

    public async Task<IReadOnlyList<AuditRow>> ListAsync(long? beforeId, long? keyId, int take, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<AuditRow>(new CommandDefinition(SelectPage, new { beforeId, keyId, take }, cancellationToken: ct))).AsList(), ct);
    }
}
