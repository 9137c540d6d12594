using System.Runtime.InteropServices;

namespace Cms.Api.Infrastructure;

/// <summary>Puts files on disk before the database says they exist. A file written and renamed without fsync can, after a
/// power cut or a kernel that turns the file system read-only, come back empty or not at all, while the row that names
/// it (committed with synchronous=FULL) survives.</summary>
public static class DurableFiles
{
    /// <summary>Flushes a written file's bytes to the device.</summary>
    public static void FlushFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Flushes a directory, so that a file created or renamed in it stays there (Linux; a no-op elsewhere).</summary>
    public static void FlushDirectory(string path)
    {
        if (!OperatingSystem.IsLinux()) { return; }
        var fd = Native.Open(path, Native.ReadOnlyDirectory);
        if (fd < 0) { throw new IOException($"Cannot open {path} to flush it.", Marshal.GetLastPInvokeError()); }
        try
        {
            if (Native.Fsync(fd) != 0) { throw new IOException($"Cannot flush {path}.", Marshal.GetLastPInvokeError()); }
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    /// <summary>Moves a flushed file to its name and flushes the folder it lands in.</summary>
    public static void MoveInto(string from, string to)
    {
        var folder = Path.GetDirectoryName(to)!;
        var newFolder = !Directory.Exists(folder);
        Directory.CreateDirectory(folder);
        if (newFolder) { FlushDirectory(Path.GetDirectoryName(folder)!); }
        FlushFile(from);
        File.Move(from, to);
        FlushDirectory(folder);
    }

    static class Native
    {
        public const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY (Linux)

        [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Close(int fd);
    }
}
