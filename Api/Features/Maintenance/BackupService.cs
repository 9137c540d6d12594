using System.Diagnostics;
using Cms.Api.Data;
using Cms.Api.Features.Media;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Maintenance;

/// <summary>What a backup wrote.</summary>
public sealed record BackupReport(
    string Directory,
    DateTimeOffset StartedAt,
    long DatabaseBytes,
    int MediaFiles,
    long MediaBytes,
    IReadOnlyList<string> MissingFiles,
    TimeSpan Duration);

/// <summary>The target of a backup cannot be used (it already holds a database, or lies inside the data directory).</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>Copies a live data directory into a new one that is itself a valid data directory (cms.db + media/), while
/// writers go on. The media files are copied first, the bulk of the bytes and without any lock; then the database is
/// copied with SQLite's backup API, a consistent snapshot; then whatever that snapshot names that the first pass did
/// not see. Files the snapshot does not name are left out, so a server started on the copy finds nothing orphaned.</summary>
public sealed class BackupService(DbLocation source, MediaDeletions deletions, TimeProvider clock)
{
    const string PartialDatabase = ".cms.db.partial";

    public async Task<BackupReport> CreateAsync(string targetDirectory, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var timer = Stopwatch.StartNew();
        var target = new DbLocation(Path.GetFullPath(targetDirectory));
        CheckTarget(target);
        if (!File.Exists(source.DatabasePath)) { throw new BackupRefusedException($"There is no database at {source.DatabasePath} to back up."); }
        Directory.CreateDirectory(target.MediaDirectory);

        foreach (var name in MediaFolder.List(source.MediaDirectory).StoredFiles)
        {
            ct.ThrowIfCancellationRequested();
            TryCopy(name, target);
        }

        var missing = new List<string>();
        HashSet<string> referenced;
        using (deletions.Hold())
        {
            await SnapshotDatabaseAsync(target, ct);
            referenced = await ReferencedFilesAsync(target.DatabasePath, ct);
            foreach (var name in referenced)
            {
                if (!File.Exists(MediaFolder.FullPath(target.MediaDirectory, name)) && !TryCopy(name, target)) { missing.Add(name); }
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(target.MediaDirectory, "*", SearchOption.AllDirectories))
        {
            DurableFiles.FlushDirectory(folder);
        }
        DurableFiles.FlushDirectory(target.MediaDirectory);
        DurableFiles.FlushDirectory(target.DataDirectory);

        long mediaBytes = 0;
        var mediaFiles = 0;
        foreach (var name in MediaFolder.List(target.MediaDirectory).StoredFiles)
        {
            var path = MediaFolder.FullPath(target.MediaDirectory, name);
            if (!referenced.Contains(name))
            {
                File.Delete(path);
                continue;
            }
            mediaFiles++;
            mediaBytes += new FileInfo(path).Length;
        }
        missing.Sort(StringComparer.Ordinal);
        return new BackupReport(target.DataDirectory, started, new FileInfo(target.DatabasePath).Length, mediaFiles, mediaBytes, missing, timer.Elapsed);
    }

    void CheckTarget(DbLocation target)
    {
        var sourceRoot = Path.GetFullPath(source.DataDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var targetRoot = target.DataDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (targetRoot.StartsWith(sourceRoot, StringComparison.Ordinal) || sourceRoot.StartsWith(targetRoot, StringComparison.Ordinal))
        {
            throw new BackupRefusedException($"The backup directory {target.DataDirectory} overlaps the data directory {source.DataDirectory}; choose a directory outside it.");
        }
        if (File.Exists(target.DatabasePath))
        {
            throw new BackupRefusedException($"{target.DatabasePath} already exists; a backup never overwrites one. Choose a new or empty directory.");
        }
    }

    async Task SnapshotDatabaseAsync(DbLocation target, CancellationToken ct)
    {
        var partial = Path.Combine(target.DataDirectory, PartialDatabase);
        File.Delete(partial);
        await using (var from = new SqliteConnection(ConnectionString(source.DatabasePath, SqliteOpenMode.ReadWrite)))
        await using (var to = new SqliteConnection(ConnectionString(partial, SqliteOpenMode.ReadWriteCreate)))
        {
            await from.OpenAsync(ct);
            await to.OpenAsync(ct);
            from.BackupDatabase(to);
            // The copy is another database from now on: a server started on it (a restore) refuses the sync tokens
            // issued by this one, whose change numbers the copy does not continue.
            await SyncLog.ForgetIdentityAsync(to, ct);
            await using var journal = to.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode = DELETE";
            await journal.ExecuteNonQueryAsync(ct);
        }
        DurableFiles.FlushFile(partial);
        File.Move(partial, target.DatabasePath);
    }

    static async Task<HashSet<string>> ReferencedFilesAsync(string databasePath, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(ConnectionString(databasePath, SqliteOpenMode.ReadOnly));
        await connection.OpenAsync(ct);
        return await MediaRepository.ReferencedFilesAsync(connection, ct);
    }

    bool TryCopy(string name, DbLocation target)
    {
        var to = MediaFolder.FullPath(target.MediaDirectory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        try
        {
            File.Copy(MediaFolder.FullPath(source.MediaDirectory, name), to, overwrite: true);
            DurableFiles.FlushFile(to);
            return true;
        }
        catch (FileNotFoundException) { return false; }
        catch (DirectoryNotFoundException) { return false; }
    }

    /// <summary>A private connection for a maintenance job: no pool, so the file is released when the job ends.</summary>
    internal static string ConnectionString(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString();
}
