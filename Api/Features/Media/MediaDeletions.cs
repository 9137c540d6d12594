namespace Cms.Api.Features.Media;

/// <summary>Lets a backup hold back the deletion of media files: a file deleted after the backup took its database
/// snapshot may still be named by that snapshot, so it is deleted only once the backup has copied what it needs.</summary>
public sealed class MediaDeletions
{
    readonly Lock gate = new();
    readonly List<Action> deferred = [];
    int holds;

    /// <summary>Runs <paramref name="delete"/> now, or when the last hold ends.</summary>
    public void Run(Action delete)
    {
        lock (gate)
        {
            if (holds > 0)
            {
                deferred.Add(delete);
                return;
            }
        }
        delete();
    }

    public IDisposable Hold()
    {
        lock (gate) { holds++; }
        return new Release(this);
    }

    void End()
    {
        List<Action> due;
        lock (gate)
        {
            if (--holds > 0) { return; }
            due = [.. deferred];
            deferred.Clear();
        }
        foreach (var delete in due) { delete(); }
    }

    sealed class Release(MediaDeletions owner) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) { owner.End(); }
        }
    }
}
