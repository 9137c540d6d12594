using System.Security.Cryptography;
using Cms.Api.Data;
using Dapper;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Sync;

public sealed record ChangeRow(long Seq, long ArticleId);

public sealed record SettingRow(string Key, string Value);

/// <summary>The changes of one page, and the highest change number this database has issued, read in one snapshot.</summary>
public sealed record ChangePage(IReadOnlyList<ChangeRow> Changes, long IssuedSeq);

/// <summary>What a reader syncs: every public article, one station's, or one channel's.</summary>
public sealed record SyncScope(long? StationId, long? ChannelId)
{
    public static readonly SyncScope Everything = new(null, null);
}

/// <summary>What else an article shows, whose change changes the article as a reader gets it.</summary>
public enum ArticleDependency { Author, Station, Channel, Medium }

/// <summary>The last change of every article, numbered in commit order. Writers record a change in their own
/// transaction, so a reader that has seen number N has seen every change committed before it. An article published for
/// a future time is recorded now (it is not visible yet) and again, with a new number, once that time has come.
/// Every station and channel an article has been public in is kept (article_sync_scopes): its later changes, tombstones
/// included, reach the readers of those scopes and no others, so a draft that was never public reaches nobody.</summary>
public sealed class SyncLog(Db db, DbLocation location)
{
    // The scope row is written once the article is public: at its write, or when its publish time has come.
    const string RecordScope = """
        INSERT OR IGNORE INTO article_sync_scopes (article_id, station_id, channel_id)
        SELECT id, station_id, channel_id FROM articles WHERE id = @id AND status = 'published' AND sort_at <= @now
        """;

    const string Record = $"""
        INSERT OR REPLACE INTO article_changes (article_id, due_at)
        VALUES (@id, CASE WHEN @publishAt > @now THEN @publishAt END);
        {RecordScope};
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

    const string NamesDeleted = """
        SELECT EXISTS (SELECT 1 FROM article_changes WHERE article_id = @id)
           AND NOT EXISTS (SELECT 1 FROM articles WHERE id = @id)
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

    // Station 0 / channel 0 is a scope row from before scopes were kept: it reaches every reader.
    const string SelectScopedPage = """
        SELECT c.seq, c.article_id FROM article_changes c
        WHERE c.seq > @afterSeq
          AND EXISTS (SELECT 1 FROM article_sync_scopes s
                      WHERE s.article_id = c.article_id
                        AND (s.station_id = 0
                             OR ((@stationId IS NULL OR s.station_id = @stationId) AND (@channelId IS NULL OR s.channel_id = @channelId))))
        ORDER BY c.seq
        LIMIT @take
        """;

    // SQLite keeps the highest number AUTOINCREMENT has given in sqlite_sequence: it never goes back, also when the row
    // holding it is replaced.
    const string SelectIssuedSeq = "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'article_changes'), 0)";

    const string IdentityKey = "sync_database_id";
    const string IdentityPathKey = "sync_database_path";

    const string SelectIdentity = "SELECT key, value FROM app_settings WHERE key IN (@IdentityKey, @IdentityPathKey)";

    const string SetIdentity = """
        INSERT OR REPLACE INTO app_settings (key, value) VALUES (@IdentityKey, @id);
        INSERT OR REPLACE INTO app_settings (key, value) VALUES (@IdentityPathKey, @path);
        """;

    const string ForgetIdentitySql = "DELETE FROM app_settings WHERE key IN (@IdentityKey, @IdentityPathKey)";

    readonly Lock identityGate = new();
    Task<string>? identity;

    /// <summary>Records that an article changed or was deleted; a publish time in the future is kept as the time it changes again.</summary>
    public static Task RecordAsync(SqliteConnection c, SqliteTransaction tx, long id, string? publishAt, string now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(Record, new { id, publishAt, now }, tx, cancellationToken: ct));

    /// <summary>Records a change for every article that shows this author, station, channel or medium.</summary>
    public static Task RecordArticlesShowingAsync(SqliteConnection c, SqliteTransaction tx, ArticleDependency dependency, long id, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(RecordArticlesShowing[dependency], new { id }, tx, cancellationToken: ct));

    /// <summary>True when an article of this id was deleted for good: the log keeps the last change of every article that
    /// ever existed, so an import cannot give its id to another article while apps may hold its tombstone.</summary>
    public static Task<bool> NamesDeletedArticleAsync(SqliteConnection c, SqliteTransaction tx, long id, CancellationToken ct) =>
        c.ExecuteScalarAsync<bool>(new CommandDefinition(NamesDeleted, new { id }, tx, cancellationToken: ct));

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
                await c.ExecuteAsync(new CommandDefinition(RecordScope, new { id, now }, tx, cancellationToken: ct));
            }
        }, ct);
    }

    /// <summary>Every change after a number, whoever it reaches.</summary>
    public async Task<IReadOnlyList<ChangeRow>> ReadAsync(long afterSeq, int take, CancellationToken ct)
    {
        return await db.ReadAsync(async c => (await c.QueryAsync<ChangeRow>(new CommandDefinition(SelectPage, new { afterSeq, take }, cancellationToken: ct))).AsList(), ct);
    }

    /// <summary>The changes after a number that reach readers of this scope, and the highest number issued.</summary>
    public async Task<ChangePage> ReadAsync(long afterSeq, int take, SyncScope scope, CancellationToken ct)
    {
        // Issued is read after the page: it is at least the page's last number, also outside a request's snapshot.
        return await db.ReadAsync(async c =>
        {
            var changes = (await c.QueryAsync<ChangeRow>(new CommandDefinition(SelectScopedPage,
                new { afterSeq, take, stationId = scope.StationId, channelId = scope.ChannelId }, cancellationToken: ct))).AsList();
            var issued = await c.ExecuteScalarAsync<long>(new CommandDefinition(SelectIssuedSeq, cancellationToken: ct));
            return new ChangePage(changes, issued);
        }, ct);
    }

    /// <summary>The identity of this database, which sync tokens carry. It is made anew when the database file is found at
    /// another path than the one it was made for (a copy, a restore) and when a backup has forgotten it in its copy, so
    /// a token from before a restore or from another database is refused instead of read against other numbers.</summary>
    public Task<string> DatabaseIdentityAsync(CancellationToken ct)
    {
        lock (identityGate)
        {
            // A failed attempt (a busy database) is not kept: the next call tries again.
            if (identity is null || identity.IsFaulted || identity.IsCanceled) { identity = EstablishIdentityAsync(); }
            return identity.WaitAsync(ct);
        }
    }

    Task<string> EstablishIdentityAsync() => db.WriteAsync(async (c, tx) =>
    {
        var path = Path.GetFullPath(location.DatabasePath);
        var stored = (await c.QueryAsync<SettingRow>(new CommandDefinition(SelectIdentity, new { IdentityKey, IdentityPathKey }, tx)))
            .ToDictionary(r => r.Key, r => r.Value);
        if (stored.TryGetValue(IdentityKey, out var id) && stored.GetValueOrDefault(IdentityPathKey) == path) { return id; }
        id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        await c.ExecuteAsync(new CommandDefinition(SetIdentity, new { IdentityKey, IdentityPathKey, id, path }, tx));
        return id;
    }, CancellationToken.None);

    /// <summary>Makes a copy of the database (a backup) take a new identity when a server first syncs from it.</summary>
    public static Task ForgetIdentityAsync(SqliteConnection c, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(ForgetIdentitySql, new { IdentityKey, IdentityPathKey }, cancellationToken: ct));
}
