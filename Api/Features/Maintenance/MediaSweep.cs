using Cms.Api.Data;
using Cms.Api.Features.Media;

namespace Cms.Api.Features.Maintenance;

/// <summary>What the start-up sweep removed.</summary>
public sealed record SweepReport(int TemporaryFiles, int OrphanFiles, int OrphanVariantSets);

/// <summary>Clears what a process that stopped abruptly can leave in the media folder: unfinished uploads and renders,
/// files moved into place whose database row was never committed, variants of files since deleted. It runs at start-up,
/// before the first request, when nothing can be in flight.</summary>
public sealed class MediaSweep(DbLocation location, Db db)
{
    public async Task<SweepReport> RunAsync(CancellationToken ct)
    {
        var folder = MediaFolder.List(location.MediaDirectory);
        HashSet<string> referenced;
        await using (var connection = await db.OpenAsync(ct)) { referenced = await MediaRepository.ReferencedFilesAsync(connection, ct); }
        var (orphans, orphanSets) = folder.Orphans(referenced);

        foreach (var temp in folder.TemporaryFiles) { File.Delete(MediaFolder.FullPath(location.MediaDirectory, temp)); }
        foreach (var orphan in orphans) { File.Delete(MediaFolder.FullPath(location.MediaDirectory, orphan)); }
        foreach (var set in orphanSets)
        {
            var path = MediaFolder.FullPath(location.MediaDirectory, set);
            if (Directory.Exists(path)) { Directory.Delete(path, recursive: true); }
        }
        return new SweepReport(folder.TemporaryFiles.Count, orphans.Count, orphanSets.Count);
    }
}
