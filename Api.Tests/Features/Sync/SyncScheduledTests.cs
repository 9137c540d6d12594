using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Sync;

/// <summary>An article scheduled for later reaches a station's app when its time comes, and only then can a tombstone
/// for it reach that app: until it has been public, it concerns no reader.</summary>
public sealed class SyncScheduledTests : ApiFixture
{
    protected override bool MovesClock => true;

    [Test]
    public async Task A_scheduled_article_reaches_the_station_app_when_due_and_its_later_unpublishing_arrives_as_a_tombstone()
    {
        var section = await Given.SectionAsync();
        var app = new SyncingApp(Anonymous, $"station={section.StationId}");
        await app.SyncAsync();
        var scheduled = await Given.ArticleAsync(section: section, title: "定时发布的松原新闻", publishedAt: Clock.GetUtcNow().AddHours(1));
        var whileScheduled = await app.SyncAsync();
        Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var due = await app.SyncAsync();
        await (await Admin.PostAsync(ApiRoutes.For(UnpublishArticleEndpoint.Route, scheduled.Id()), null)).EnsureSuccessStatusCodeAsync();
        var unpublished = await app.SyncAsync();

        Assert.That(whileScheduled, Is.Empty, "a scheduled article that was never public sends nothing, not even a tombstone");
        Assert.That(due.Select(i => (i.Id(), (bool)i["deleted"]!)), Is.EqualTo(new[] { (scheduled.Id(), false) }));
        Assert.That(unpublished.Select(i => (i.Id(), (bool)i["deleted"]!)), Is.EqualTo(new[] { (scheduled.Id(), true) }));
        Assert.That(app.Articles, Is.Empty);
    }
}
