using Cms.Api.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Sync;

public sealed record ChangeRow(long Seq, long ArticleId);

/// <summary>What else an article shows, whose change changes the article as a reader gets it.</summary>
public enum ArticleDependency { Author, Station, Channel, Medium }

/// <summary>The last change of every article, numbered in commit order. Writers record a change in their own
/// transaction, so a reader that has seen number N has seen every change committed before it. An article published for
/// a future time is recorded now (it is not visible yet) and again, with a new number, once that time has come.</summary>
public sealed class SyncLog(Db db)
{
    const string Record = """
        INSERT OR REPLACE INTO article_changes (article_id, due_at)
        VALUES (@id, CASE WHEN @publishAt > @now THEN @publishAt END)
        """;

    static readonly Dictionary<ArticleDependency, string> RecordArticlesShowing = new()
    {
        [ArticleDependency.Author] = RecordMany("SELECT DISTINCT article_id AS id FROM article_bylines WHERE author_id = @id"),
        [ArticleDependency.Station] = RecordMany("SELECT id FROM articles WHERE station_id = @id"),
        [ArticleDependency.Channel] = RecordMany("SELECT id FROM articles WHERE channel_id = @id"),
        [ArticleDependency.Medium] = RecordMany("SELECT id FROM articles WHERE cover_media_id = @id UNION SELECT article_id FROM article_media WHERE media_id = @id"),
    };

    // A change to what an article shows does not move its own publish time: a pending due_at stays.
    static string RecordMany(string articleIds) => $"""
        INSERT OR REPLACE INTO article_changes (article_id, due_at)
        SELECT x.id, c.due_at FROM ({articleIds}) x LEFT JOIN article_changes c ON c.article_id = x.id
        """;

    const string AnyDue = "SELECT EXISTS (SELECT 1 FROM article_changes WHERE due_at <= @now)";

    const string SelectDue = "SELECT article_id FROM article_changes WHERE due_at <= @now ORDER BY due_at, seq";

    const string Renumber = "INSERT OR REPLACE INTO article_changes (article_id, due_at) VALUES (@id, NULL)";

    const string SelectPage = """
        SELECT seq, article_id FROM article_changes
        WHERE seq > @afterSeq
        ORDER BY seq
        LIMIT @take
        """;

    /// <summary>Records that an article changed or was deleted; a publish time in the future is kept as the time it changes again.</summary>
    public static Task RecordAsync(SqliteConnection c, SqliteTransaction tx, long id, string? publishAt, string now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(Record, new { id, publishAt, now }, tx, cancellationToken: ct));

    /// <summary>Records a change for every article that shows this author, station, channel or medium.</summary>
    public static Task RecordArticlesShowingAsync(SqliteConnection c, SqliteTransaction tx, ArticleDependency dependency, long id, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(RecordArticlesShowing[dependency], new { id }, tx, cancellationToken: ct));

    /// <summary>Numbers anew every article whose publish time has come. Cheap when none has (one index probe). Reads on a
    /// connection of its own, outside the request's read snapshot: call it before the request's first read, so that the
    /// snapshot, which starts there, includes the new numbers.</summary>
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
                await c.ExecuteAsync(new CommandDefinition(Renumber, new { id }, tx, cancellationToken: ct));
            }
        }, ct);
    }

    public async Task<IReadOnlyList<ChangeRow>> ReadAsync(long afterSeq, int take, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<ChangeRow>(new CommandDefinition(SelectPage, new { afterSeq, take }, cancellationToken: ct))).AsList(), ct);
    }
}
