using Cms.Api.Data;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cms.Api.Tests.Features.Sync;

/// <summary>The sync log on a real temporary database with a clock the test moves: a change scheduled for later is read at
/// once (the article is not public yet) and numbered again, after everything a reader may have seen, once it is due.</summary>
public sealed class SyncLogTests
{
    static readonly DateTimeOffset Start = new(2024, 1, 2, 6, 36, 0, TimeSpan.Zero);

    string directory = null!;
    Clock clock = null!;
    Db db = null!;
    SyncLog log = null!;

    [SetUp]
    public void CreateDatabase()
    {
        directory = Path.Combine(Path.GetTempPath(), "cms-tests", "synclog-" + Guid.NewGuid().ToString("N"));
        var location = new DbLocation(directory);
        new Migrator(location, NullLogger<Migrator>.Instance).Apply();
        clock = new Clock(Start);
        db = new Db(location, clock);
        log = new SyncLog(db, location);
    }

    [TearDown]
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
    }

    [Test]
    public async Task A_change_that_takes_effect_now_is_read_at_once()
    {
        await RecordAsync(1, publishAt: null);
        await RecordAsync(2, publishAt: Start.AddMinutes(-5));

        var changes = await log.ReadAsync(0, 100, CancellationToken.None);

        Assert.That(changes.Select(c => c.ArticleId), Is.EqualTo(new[] { 1L, 2L }));
        Assert.That(changes[1].Seq, Is.GreaterThan(changes[0].Seq));
    }

    [Test]
    public async Task A_change_scheduled_for_later_is_read_at_once_and_not_again_before_it_is_due()
    {
        await RecordAsync(1, publishAt: null);
        await RecordAsync(2, publishAt: Start.AddHours(1));
        var before = await log.ReadAsync(0, 100, CancellationToken.None);
        clock.Now = Start.AddMinutes(59);

        await log.NumberDueChangesAsync(CancellationToken.None);
        var changes = await log.ReadAsync(0, 100, CancellationToken.None);

        Assert.That(before.Select(c => c.ArticleId), Is.EqualTo(new[] { 1L, 2L }), "a reader learns now that the article is not public yet");
        Assert.That(changes, Is.EqualTo(before));
    }

    [Test]
    public async Task A_scheduled_change_once_due_is_numbered_after_every_earlier_change()
    {
        await RecordAsync(7, publishAt: Start.AddHours(1));
        await RecordAsync(1, publishAt: null);
        clock.Now = Start.AddMinutes(30);
        await RecordAsync(2, publishAt: null);
        var before = await log.ReadAsync(0, 100, CancellationToken.None);
        clock.Now = Start.AddHours(1).AddSeconds(1);

        await log.NumberDueChangesAsync(CancellationToken.None);
        var after = await log.ReadAsync(0, 100, CancellationToken.None);

        Assert.That(before.Select(c => c.ArticleId), Is.EqualTo(new[] { 7L, 1L, 2L }));
        Assert.That(after.Select(c => c.ArticleId), Is.EqualTo(new[] { 1L, 2L, 7L }));
        Assert.That(after[2].Seq, Is.GreaterThan(before.Max(c => c.Seq)));
        Assert.That(after.Take(2), Is.EqualTo(before.Skip(1)), "numbering a due change leaves the others as they were");
    }

    [Test]
    public async Task A_scheduled_article_deleted_before_its_time_is_not_announced_again()
    {
        await RecordAsync(7, publishAt: Start.AddHours(1));
        await RecordAsync(7, publishAt: null);
        var seen = (await log.ReadAsync(0, 100, CancellationToken.None)).Max(c => c.Seq);
        clock.Now = Start.AddHours(2);

        await log.NumberDueChangesAsync(CancellationToken.None);
        var changes = await log.ReadAsync(seen, 100, CancellationToken.None);

        Assert.That(changes, Is.Empty);
    }

    [Test]
    public async Task A_reader_that_has_seen_everything_gets_the_scheduled_change_when_it_is_due()
    {
        await RecordAsync(7, publishAt: Start.AddHours(1));
        await RecordAsync(1, publishAt: null);
        var seen = (await log.ReadAsync(0, 100, CancellationToken.None)).Max(c => c.Seq);
        clock.Now = Start.AddHours(2);

        await log.NumberDueChangesAsync(CancellationToken.None);
        var changes = await log.ReadAsync(seen, 100, CancellationToken.None);

        Assert.That(changes.Select(c => c.ArticleId), Is.EqualTo(new[] { 7L }));
        Assert.That(changes[0].Seq, Is.GreaterThan(seen));
    }

    [Test]
    public async Task A_change_scheduled_exactly_for_now_is_due()
    {
        await RecordAsync(7, publishAt: Start.AddHours(1));
        clock.Now = Start.AddHours(1);

        await log.NumberDueChangesAsync(CancellationToken.None);
        var changes = await log.ReadAsync(0, 100, CancellationToken.None);

        Assert.That(changes.Select(c => c.ArticleId), Is.EqualTo(new[] { 7L }));
    }

    [Test]
    public async Task Changes_that_fall_due_together_are_numbered_in_the_order_of_their_publish_times()
    {
        await RecordAsync(8, publishAt: Start.AddHours(2));
        await RecordAsync(7, publishAt: Start.AddHours(1));
        await RecordAsync(1, publishAt: null);
        var seen = (await log.ReadAsync(0, 100, CancellationToken.None)).Max(c => c.Seq);
        clock.Now = Start.AddHours(3);

        await log.NumberDueChangesAsync(CancellationToken.None);
        var changes = await log.ReadAsync(seen, 100, CancellationToken.None);

        Assert.That(changes.Select(c => c.ArticleId), Is.EqualTo(new[] { 7L, 8L }));
        Assert.That(changes.Select(c => c.Seq), Is.Ordered.Ascending.And.All.GreaterThan(seen));
    }

    [Test]
    public async Task Numbering_when_nothing_is_due_changes_nothing()
    {
        await RecordAsync(1, publishAt: null);
        await RecordAsync(2, publishAt: null);
        await RecordAsync(7, publishAt: Start.AddDays(1));
        var before = await log.ReadAsync(0, 100, CancellationToken.None);

        await log.NumberDueChangesAsync(CancellationToken.None);
        var after = await log.ReadAsync(0, 100, CancellationToken.None);

        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public async Task A_later_change_to_the_same_article_replaces_its_earlier_one_at_a_new_number()
    {
        await RecordAsync(1, publishAt: null);
        await RecordAsync(2, publishAt: null);
        var before = await log.ReadAsync(0, 100, CancellationToken.None);

        await RecordAsync(1, publishAt: null);
        var after = await log.ReadAsync(0, 100, CancellationToken.None);

        Assert.That(after.Select(c => c.ArticleId), Is.EqualTo(new[] { 2L, 1L }));
        Assert.That(after[1].Seq, Is.GreaterThan(before.Max(c => c.Seq)));
    }

    [Test]
    public async Task Deleting_a_scheduled_article_is_read_at_once()
    {
        await RecordAsync(7, publishAt: Start.AddDays(1));

        await RecordAsync(7, publishAt: null);
        var changes = await log.ReadAsync(0, 100, CancellationToken.None);

        Assert.That(changes.Select(c => c.ArticleId), Is.EqualTo(new[] { 7L }));
    }

    [Test]
    public async Task Reading_after_a_number_returns_only_later_changes_up_to_the_limit()
    {
        for (var id = 1; id <= 5; id++) { await RecordAsync(id, publishAt: null); }
        var all = await log.ReadAsync(0, 100, CancellationToken.None);

        var page = await log.ReadAsync(all[1].Seq, 2, CancellationToken.None);

        Assert.That(page.Select(c => c.ArticleId), Is.EqualTo(new[] { 3L, 4L }));
    }

    Task RecordAsync(long id, DateTimeOffset? publishAt) =>
        db.WriteAsync((c, tx) => SyncLog.RecordAsync(c, tx, id, publishAt is { } p ? Timestamps.Format(p) : null, db.NowUtc(), CancellationToken.None),
            CancellationToken.None);

    sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
