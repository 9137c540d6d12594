using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Data;

/// <summary>Opens SQLite connections with the pragmas every connection needs; writes run in immediate transactions;
/// reads run in the current request's <see cref="ReadSnapshot"/> when it has one.</summary>
public sealed class Db(DbLocation location, TimeProvider clock)
{
    static readonly AsyncLocal<ReadSnapshot?> Snapshot = new();

    // Set on every write (connections are pooled and may be new): an acknowledged write is on disk, and a writer waits
    // for the lock instead of failing.
    const string WritePragmas = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";

    readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = location.DatabasePath,
        ForeignKeys = true,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    static Db() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public string NowUtc() => Timestamps.Format(clock.GetUtcNow());

    /// <summary>Opens a connection of its own, outside any read snapshot (maintenance, start-up, checks that must see
    /// the latest commit). (Microsoft.Data.Sqlite retries a busy database until DefaultTimeout.)</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken ct) => OpenAsync(null, ct);

    /// <summary>Starts a read snapshot that every <see cref="ReadAsync{T}"/> in this async flow (one request) shares
    /// until it is disposed.</summary>
    public ReadSnapshot BeginReadSnapshot()
    {
        var snapshot = new ReadSnapshot(OpenAsync);
        Snapshot.Value = snapshot;
        return snapshot;
    }

    /// <summary>Runs a read in the current read snapshot, or on a connection of its own when there is none.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken ct)
    {
        if (Snapshot.Value is { } snapshot) { return await snapshot.ReadAsync(read, ct); }
        await using var connection = await OpenAsync(ct);
        return await read(connection);
    }

    async Task<SqliteConnection> OpenAsync(string? pragmas, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            if (pragmas is not null) { await connection.ExecuteAsync(pragmas); }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in a BEGIN IMMEDIATE transaction: the write lock is taken up front,
    /// so two writers queue on the busy timeout instead of failing on lock upgrade.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(WritePragmas, ct);
        await using var tx = connection.BeginTransaction(deferred: false);
        var result = await work(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken ct) =>
        WriteAsync(async (c, tx) => { await work(c, tx); return true; }, ct);
}

public sealed record DbLocation(string DataDirectory)
{
    public string DatabasePath => Path.Combine(DataDirectory, "cms.db");
    public string MediaDirectory => Path.Combine(DataDirectory, "media");
}
