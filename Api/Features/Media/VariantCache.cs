namespace Cms.Api.Features.Media;

/// <summary>The rendered variants on disk, least recently served first, kept under a bound in bytes
/// (Cms:Media:VariantCacheMegabytes): a new variant that makes the total exceed it deletes the least recently served ones.
/// File access times are not kept on many mounts (noatime), so the order lives in memory: rebuilt from the files' write
/// times at the first use, then moved by every serve. A deleted variant that is being sent keeps streaming (an open
/// file outlives its name), and is rendered again when next asked for. Originals and served copies are never counted.</summary>
public sealed class VariantCache(string variantsDirectory, long maxBytes)
{
    readonly Lock gate = new();
    readonly LinkedList<(string Path, long Bytes)> order = new();
    readonly Dictionary<string, LinkedListNode<(string Path, long Bytes)>> entries = new(StringComparer.Ordinal);
    long total;
    bool loaded;

    public long TotalBytes
    {
        get { lock (gate) { Load(); return total; } }
    }

    /// <summary>A variant was served: it becomes the most recently used.</summary>
    public void Touch(string path)
    {
        lock (gate)
        {
            Load();
            if (!entries.TryGetValue(path, out var node)) { return; }
            order.Remove(node);
            order.AddLast(node);
        }
    }

    /// <summary>A variant was rendered: counts it, then deletes the least recently served others until the total fits.</summary>
    public void Add(string path, long bytes)
    {
        lock (gate)
        {
            Load();
            Remove(path);
            entries[path] = order.AddLast((path, bytes));
            total += bytes;
            while (maxBytes > 0 && total > maxBytes && order.First is { } oldest && oldest.Value.Path != path)
            {
                Remove(oldest.Value.Path);
                TryDelete(oldest.Value.Path);
            }
        }
    }

    /// <summary>A medium's variants folder is being deleted with it.</summary>
    public void ForgetFolder(string directory)
    {
        var prefix = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        lock (gate)
        {
            if (!loaded) { return; }
            foreach (var path in entries.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList()) { Remove(path); }
        }
    }

    void Remove(string path)
    {
        if (!entries.Remove(path, out var node)) { return; }
        order.Remove(node);
        total -= node.Value.Bytes;
    }

    void Load()
    {
        if (loaded) { return; }
        loaded = true;
        if (!Directory.Exists(variantsDirectory)) { return; }
        var files = new DirectoryInfo(variantsDirectory).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => !f.Name.StartsWith(MediaFolder.TempPrefix, StringComparison.Ordinal))
            .OrderBy(f => f.LastWriteTimeUtc);
        foreach (var file in files)
        {
            entries[file.FullName] = order.AddLast((file.FullName, file.Length));
            total += file.Length;
        }
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
