using Cms.Api.Data;
using Cms.Api.Features.Media;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Maintenance;

/// <summary>A medium whose file is not in the media folder.</summary>
public sealed record MissingMediaFile(long MediaId, string File);

/// <summary>A medium whose served file is there but not of the size the medium records (e.g. empty after a crash).</summary>
public sealed record DamagedMediaFile(long MediaId, string File, long ExpectedBytes, long ActualBytes);

/// <summary>A file a medium row names; ByteSize is known for the served copy, not for a kept original.</summary>
sealed record MediaFileRow(long MediaId, string File, long? ByteSize);

/// <summary>What a check of a data directory found. Empty lists mean all is well.</summary>
public sealed record IntegrityReport(
    IReadOnlyList<string> DatabaseErrors,
    IReadOnlyList<string> ForeignKeyErrors,
    IReadOnlyList<MissingMediaFile> MissingFiles,
    IReadOnlyList<DamagedMediaFile> DamagedFiles,
    IReadOnlyList<string> OrphanFiles,
    IReadOnlyList<string> OrphanVariantSets,
    IReadOnlyList<string> TemporaryFiles,
    int MediaRows,
    int StoredFiles)
{
    public bool Ok => DatabaseErrors.Count == 0 && ForeignKeyErrors.Count == 0 && MissingFiles.Count == 0 && DamagedFiles.Count == 0
        && OrphanFiles.Count == 0 && OrphanVariantSets.Count == 0 && TemporaryFiles.Count == 0;
}

/// <summary>Checks the database file (SQLite's integrity and foreign key checks) and the media folder against the media
/// rows: files a row names that are missing, files no row names, variants of files that are gone, unfinished uploads.
/// On a running server an upload in flight can show for a moment as a temporary or orphan file.</summary>
public sealed class IntegrityCheck(DbLocation location)
{
    const string MediaFiles = """
        SELECT id AS MediaId, storage_name AS File, byte_size AS ByteSize FROM media
        UNION ALL SELECT id, original_storage_name, NULL FROM media WHERE original_storage_name IS NOT NULL
        """;

    public async Task<IntegrityReport> RunAsync(CancellationToken ct)
    {
        if (!File.Exists(location.DatabasePath))
        {
            return new IntegrityReport([$"There is no database at {location.DatabasePath}."], [], [], [], [], [], [], 0, 0);
        }
        await using var connection = new SqliteConnection(BackupService.ConnectionString(location.DatabasePath, SqliteOpenMode.ReadWrite));
        List<string> integrity;
        try
        {
            await connection.OpenAsync(ct);
            integrity = (await connection.QueryAsync<string>(new CommandDefinition("PRAGMA integrity_check", cancellationToken: ct)))
                .Where(line => line != "ok").ToList();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            return new IntegrityReport([$"The database file is damaged: {ex.Message}"], [], [], [], [], [], [], 0, 0);
        }
        if (integrity.Count > 0) { return new IntegrityReport(integrity, [], [], [], [], [], [], 0, 0); }
        var foreignKeys = (await connection.QueryAsync<(string Table, long? RowId, string Parent)>(
                new CommandDefinition("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check", cancellationToken: ct)))
            .Select(f => $"{f.Table} row {f.RowId} names a missing {f.Parent} row").ToList();
        var rows = (await connection.QueryAsync<MediaFileRow>(new CommandDefinition(MediaFiles, cancellationToken: ct))).ToList();

        var folder = MediaFolder.List(location.MediaDirectory);
        var present = folder.StoredFiles.ToHashSet(StringComparer.Ordinal);
        var (orphanFiles, orphanVariantSets) = folder.Orphans(rows.Select(r => r.File).ToHashSet(StringComparer.Ordinal));
        return new IntegrityReport(
            integrity,
            foreignKeys,
            [.. rows.Where(r => !present.Contains(r.File)).OrderBy(r => r.MediaId).Select(r => new MissingMediaFile(r.MediaId, r.File))],
            [.. rows.Where(r => r.ByteSize is not null && present.Contains(r.File))
                .Select(r => (Row: r, Actual: new FileInfo(MediaFolder.FullPath(location.MediaDirectory, r.File)).Length))
                .Where(f => f.Actual != f.Row.ByteSize)
                .OrderBy(f => f.Row.MediaId)
                .Select(f => new DamagedMediaFile(f.Row.MediaId, f.Row.File, f.Row.ByteSize!.Value, f.Actual))],
            orphanFiles,
            orphanVariantSets,
            folder.TemporaryFiles,
            rows.Select(r => r.MediaId).Distinct().Count(),
            folder.StoredFiles.Count);
    }
}
