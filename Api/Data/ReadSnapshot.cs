using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Data;

/// <summary>One read transaction shared by every read of a request, so a response is built from one state of the
/// database: an article row and its tags, bylines and media can never come from two versions. SQLite (WAL) fixes the
/// snapshot at the transaction's first read; writers go on meanwhile and the snapshot does not see them. Opened on the
/// first read, so a request that reads nothing costs nothing; reads take turns on its one connection.</summary>
public sealed class ReadSnapshot(Func<CancellationToken, Task<SqliteConnection>> open) : IAsyncDisposable
{
    readonly SemaphoreSlim turn = new(1, 1);
    SqliteConnection? connection;
    bool ended;

    /// <summary>Runs <paramref name="read"/> in the snapshot; after <see cref="DisposeAsync"/>, on a connection of its own.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken ct)
    {
        await turn.WaitAsync(ct);
        try
        {
            if (!ended)
            {
                if (connection is null)
                {
                    var opened = await open(ct);
                    try { await opened.ExecuteAsync("BEGIN DEFERRED"); }
                    catch { await opened.DisposeAsync(); throw; }
                    connection = opened;
                }
                return await read(connection);
            }
        }
        finally
        {
            turn.Release();
        }
        await using var own = await open(ct);
        return await read(own);
    }

    /// <summary>Ends the read transaction and gives the connection back to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await turn.WaitAsync();
        try
        {
            ended = true;
            if (connection is null) { return; }
            try
            {
                await connection.ExecuteAsync("COMMIT");
            }
            catch (SqliteException)
            {
                // A connection whose transaction could not end must not go back to the pool still inside it.
                SqliteConnection.ClearPool(connection);
            }
            await connection.DisposeAsync();
            connection = null;
        }
        finally
        {
            turn.Release();
        }
    }
}
