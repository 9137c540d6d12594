using Cms.Api.Data;
using Cms.Api.Features.Media;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Health;

/// <summary>Whether each store can take writes: "ok", or what is wrong with it.</summary>
public sealed record Readiness(string Database, string Media)
{
    public bool Ready => Database == Readiness.Ok && Media == Readiness.Ok;

    /// <summary>What stops writes, in words: the reasons of the parts that are not ok.</summary>
    public string Reasons => string.Join(" ", new[] { Database, Media }.Where(r => r != Ok));

    public const string Ok = "ok";
}

/// <summary>Proves that writes can succeed now: a row is written to the database and a file to the media folder.
/// Reads may go on while this fails (a full disk, storage remounted read-only). The answer is kept for
/// <see cref="CacheFor"/>: a load balancer polling hard gets at most one database commit (with its fsync) a second.</summary>
public sealed class ReadinessProbe(HealthRepository health, DbLocation location, TimeProvider clock, ILogger<ReadinessProbe> log) : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    readonly SemaphoreSlim checking = new(1, 1);
    volatile Checked? last;

    sealed record Checked(Readiness Result, DateTimeOffset At);

    /// <summary>The last answer if it is under a second old, else a new check (callers arriving meanwhile wait for it).</summary>
    public async Task<Readiness> CheckAsync(CancellationToken ct)
    {
        if (Fresh() is { } cached) { return cached; }
        await checking.WaitAsync(ct);
        try
        {
            if (Fresh() is { } checkedMeanwhile) { return checkedMeanwhile; }
            var result = new Readiness(await DatabaseAsync(ct), await MediaAsync(ct));
            last = new Checked(result, clock.GetUtcNow());
            return result;
        }
        finally
        {
            checking.Release();
        }
    }

    public void Dispose() => checking.Dispose();

    Readiness? Fresh()
    {
        var now = clock.GetUtcNow();
        return last is { } l && now >= l.At && now - l.At < CacheFor ? l.Result : null;
    }

    async Task<string> DatabaseAsync(CancellationToken ct)
    {
        try
        {
            return await health.CanReadAndWriteAsync(ct) ? Readiness.Ok : "A row written to the database did not read back.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "The database failed its write check");
            return Describe(ex, "The database cannot be written");
        }
    }

    async Task<string> MediaAsync(CancellationToken ct)
    {
        var probe = Path.Combine(location.MediaDirectory, $"{MediaFolder.TempPrefix}ready-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(location.MediaDirectory);
            await File.WriteAllBytesAsync(probe, new byte[4096], ct);
            File.Delete(probe);
            return Readiness.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(ex, "The media folder failed its write check");
            try { File.Delete(probe); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return Describe(ex, "The media folder cannot be written");
        }
    }

    static string Describe(Exception ex, string what) => StorageFailures.Classify(ex) switch
    {
        StorageFailure.Full => $"{what}: the disk is full.",
        StorageFailure.Unwritable => $"{what}: the storage is read-only or failing.",
        _ => $"{what}.",
    };
}
