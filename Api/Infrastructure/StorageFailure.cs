using Microsoft.Data.Sqlite;

namespace Cms.Api.Infrastructure;

/// <summary>Tells storage failures (a full disk, a file system that turned read-only or failing) from bugs, in SQLite's
/// and the file system's terms, so that they are answered 507/503 and not 500.</summary>
public enum StorageFailure
{
    Full,
    Unwritable,
}

public static class StorageFailures
{
    // errno values on Linux, which .NET reports as the HResult of an IOException.
    const int NoSpace = 28;
    const int ReadOnlyFileSystem = 30;
    const int QuotaExceeded = 122;
    const int InputOutput = 5;

    public static StorageFailure? Classify(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 13 } => StorageFailure.Full,
        SqliteException { SqliteErrorCode: 8 or 10 } => StorageFailure.Unwritable,
        IOException io when (io.HResult & 0xFFFF) is NoSpace or QuotaExceeded || io.Message.Contains("No space left", StringComparison.Ordinal) => StorageFailure.Full,
        IOException io when (io.HResult & 0xFFFF) is ReadOnlyFileSystem or InputOutput || io.Message.Contains("Read-only file system", StringComparison.Ordinal) => StorageFailure.Unwritable,
        UnauthorizedAccessException => StorageFailure.Unwritable,
        AggregateException { InnerException: { } inner } => Classify(inner),
        // Native libraries (libvips writing an image) report the C library's words.
        _ when exception.Message.Contains("No space left on device", StringComparison.Ordinal) => StorageFailure.Full,
        _ when exception.Message.Contains("Read-only file system", StringComparison.Ordinal) => StorageFailure.Unwritable,
        _ => null,
    };
}
