namespace Cms.Api.Features.Media;

/// <summary>What the media folder holds, told apart by role. Paths are relative to the folder, with '/' separators,
/// as the database stores them.</summary>
public sealed record MediaFolderListing(
    IReadOnlyList<string> StoredFiles,
    IReadOnlyList<string> TemporaryFiles,
    IReadOnlyList<string> VariantSets)
{
    /// <summary>Stored files no row names, and variant sets of files no row names: what the integrity check reports and
    /// the start-up sweep removes.</summary>
    public (IReadOnlyList<string> Files, IReadOnlyList<string> VariantSets) Orphans(IReadOnlySet<string> referenced)
    {
        var variantOwners = referenced.Select(MediaFolder.VariantSetOf).ToHashSet(StringComparer.Ordinal);
        return ([.. StoredFiles.Where(f => !referenced.Contains(f))], [.. VariantSets.Where(v => !variantOwners.Contains(v))]);
    }
}

/// <summary>The layout of the media folder, shared by the store that writes it and the tools that check, sweep and back
/// it up: stored files (served copies and kept originals) anywhere, resized variants under variants/{storage name
/// without extension}/, unfinished work in files whose names start with <see cref="TempPrefix"/>.</summary>
public static class MediaFolder
{
    public const string TempPrefix = ".tmp-";
    public const string VariantsFolder = "variants";

    public static MediaFolderListing List(string mediaDirectory)
    {
        if (!Directory.Exists(mediaDirectory)) { return new MediaFolderListing([], [], []); }
        var stored = new List<string>();
        var temporary = new List<string>();
        var variantSets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(mediaDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Relative(mediaDirectory, path);
            if (Path.GetFileName(path).StartsWith(TempPrefix, StringComparison.Ordinal)) { temporary.Add(relative); }
            else if (relative.StartsWith(VariantsFolder + "/", StringComparison.Ordinal))
            {
                variantSets.Add(relative[..relative.LastIndexOf('/')]);
            }
            else { stored.Add(relative); }
        }
        stored.Sort(StringComparer.Ordinal);
        temporary.Sort(StringComparer.Ordinal);
        return new MediaFolderListing(stored, temporary, [.. variantSets]);
    }

    /// <summary>The variants folder that belongs to a stored file.</summary>
    public static string VariantSetOf(string storageName) => $"{VariantsFolder}/{Path.ChangeExtension(storageName, null)}";

    public static string FullPath(string mediaDirectory, string relative) =>
        Path.Combine(mediaDirectory, relative.Replace('/', Path.DirectorySeparatorChar));

    static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
}
