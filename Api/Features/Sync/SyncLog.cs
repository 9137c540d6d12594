using Cms.Api.Data;
using Cms.Api.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Sync;

public sealed record ChangeRow(long Seq, long ArticleId);

/// <summary>The last change of every article, numbered in commit order. Writers record a change in their own
/// transaction; a change that takes effect at a future publish time waits as pending and is numbered when it is due,
/// so a reader that has seen number N has seen everything that was visible-relevant up to N.</summary>
public sealed class SyncLog(Db db)
{
    const string Record = """
        INSERT OR REPLACE INTO article_changes (article_id, pending, effective_at)
        SELECT @id, CASE WHEN @publishAt > @now THEN 1 ELSE 0 END, CASE WHEN @publishAt > @now THEN @publishAt ELSE @now END
        """;

    const string AnyDue = "SELECT EXISTS (SELECT 1 FROM article_changes WHERE pending = 1 AND effective_at <= @now)";

    const string SelectDue = "SELECT article_id FROM article_changes WHERE pending = 1 AND effective_at <= @now ORDER BY effective_at, seq";

    const string Renumber = "INSERT OR REPLACE INTO article_changes (article_id, pending, effective_at) VALUES (@id, 0, @now)";

    const string SelectPage = """
        SELECT seq, article_id FROM article_changes
        WHERE pending = 0 AND seq > @afterSeq
        ORDER BY seq
        LIMIT @take
        """;

    /// <summary>Records that an article changed (or was deleted). A publish time in the future defers the change to it.</summary>
    public static Task RecordAsync(SqliteConnection c, SqliteTransaction tx, long id, string? publishAt, string now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(Record, new { id, publishAt, now }, tx, cancellationToken: ct));

    /// <summary>Gives every change that has become due a number after all others. Cheap when nothing is due (one index probe).</summary>
    public async Task NumberDueChangesAsync(CancellationToken ct)
    {
        var now = db.NowUtc();
        await using (var c = await db.OpenAsync(ct))
        {
            if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(AnyDue, new { now }, cancellationToken: ct))) { return; }
        }
        await db.WriteAsync(async (c, tx) =>
        {
            var due = await c.QueryAsync<long>(new CommandDefinition(SelectDue, new { now }, tx, cancellationToken: ct));
            foreach (var id in due.AsList())
            {
                await c.ExecuteAsync(new CommandDefinition(Renumber, new { id, now }, tx, cancellationToken: ct));
            }
        }, ct);
    }

    public async Task<IReadOnlyList<ChangeRow>> ReadAsync(long afterSeq, int take, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ChangeRow>(new CommandDefinition(SelectPage, new { afterSeq, take }, cancellationToken: ct))).AsList();
    }
}
