using Cms.Api.Features.Media;

namespace Cms.Api.Tests.Maintenance;

/// <summary>While a backup holds deletions, media files are deleted only once it has copied what its snapshot names.</summary>
public sealed class MediaDeletionsTests
{
    [Test]
    public void Without_a_hold_a_deletion_runs_at_once()
    {
        var deletions = new MediaDeletions();
        var deleted = new List<string>();

        deletions.Run(() => deleted.Add("a"));

        Assert.That(deleted, Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void Deletions_during_holds_wait_for_the_last_hold_to_end_then_all_run()
    {
        var deletions = new MediaDeletions();
        var deleted = new List<string>();
        var first = deletions.Hold();
        var second = deletions.Hold();

        deletions.Run(() => deleted.Add("a"));
        deletions.Run(() => deleted.Add("b"));
        first.Dispose();
        first.Dispose();
        var afterFirst = deleted.ToList();
        second.Dispose();

        Assert.That(afterFirst, Is.Empty);
        Assert.That(deleted, Is.EqualTo(new[] { "a", "b" }));
        deletions.Run(() => deleted.Add("c"));
        Assert.That(deleted, Is.EqualTo(new[] { "a", "b", "c" }));
    }
}
