namespace Cms.Api.Features.Media;

/// <summary>Thrown when no rendering slot came free in time: the request is answered 503 with Retry-After.</summary>
public sealed class RenderBusyException() : Exception("Every rendering slot stayed busy for longer than a request waits.");

/// <summary>The renderings that may run at once across the process (Cms:Media:MaxConcurrentRenders). Rendering a large
/// AVIF takes a core for a second, so without a cap a few anonymous requests for new variants keep every core busy; with
/// it, the excess waits a little and is then refused, while variants already on disk are served as before.</summary>
public sealed class RenderSlots(int count) : IDisposable
{
    readonly SemaphoreSlim slots = new(Math.Max(1, count), Math.Max(1, count));

    /// <summary>A slot, waiting at most <paramref name="wait"/> (Timeout.InfiniteTimeSpan for background work); disposing it
    /// frees the slot.</summary>
    public async Task<IDisposable> EnterAsync(TimeSpan wait, CancellationToken ct = default)
    {
        if (!await slots.WaitAsync(wait, ct)) { throw new RenderBusyException(); }
        return new Slot(slots);
    }

    public void Dispose() => slots.Dispose();

    sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) { slots.Release(); }
        }
    }
}
