using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>Time that moves when the public view moves (issue #12): an article scheduled for a future time counts as
/// changed at the moment it goes public, for updatedSince, sort=-updatedAt and the updatedAt it shows. The API's clock
/// is moved by hand.</summary>
public sealed class VisibleChangeTests : ApiFixture
{
    protected override bool MovesClock => true;

    [Test]
    public async Task A_scheduled_article_is_returned_by_updated_since_once_it_goes_public()
    {
        var (scheduled, section, publishAt) = await ScheduledAsync(TimeSpan.FromHours(1));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var since = Format(Clock.GetUtcNow());
        var before = await Anonymous.ItemsAsync($"station={section.StationId}&updatedSince={since}");

        Clock.Advance(TimeSpan.FromHours(1));

        var after = await Anonymous.ItemsAsync($"station={section.StationId}&updatedSince={since}");
        Assert.That(before.Ids(), Does.Not.Contain(scheduled.Id()));
        Assert.That(after.Ids(), Is.EqualTo(new[] { scheduled.Id() }));
        Assert.That((DateTime)after[0]!["updatedAt"]!, Is.EqualTo(publishAt.UtcDateTime), "it changed when it went public");
    }

    [Test]
    public async Task The_page_of_an_article_that_just_went_public_is_last_modified_then()
    {
        var (scheduled, _, publishAt) = await ScheduledAsync(TimeSpan.FromHours(1));

        // Past the second it went public: Last-Modified is sent once the second of the change is over.
        Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var res = await Anonymous.GetAsync(scheduled.Url());
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var publishedSecond = publishAt.AddTicks(-(publishAt.Ticks % TimeSpan.TicksPerSecond));
        Assert.That(res.Content.Headers.LastModified, Is.GreaterThanOrEqualTo(publishedSecond).And.LessThanOrEqualTo(Clock.GetUtcNow()));
    }

    [Test]
    public async Task Sorting_by_last_change_puts_an_article_that_just_went_public_above_one_edited_before()
    {
        var (scheduled, section, _) = await ScheduledAsync(TimeSpan.FromHours(1));
        var edited = await Given.ArticleAsync(section: section, publishedAt: Clock.GetUtcNow().AddDays(-1));
        Clock.Advance(TimeSpan.FromMinutes(10));
        await (await Admin.MergePatchAsync(edited.Url(), new { summary = "团委组织青年志愿者走进社区。" })).ExpectJsonAsync(HttpStatusCode.OK);

        Clock.Advance(TimeSpan.FromHours(1));

        var items = await Anonymous.ItemsAsync($"station={section.StationId}&sort=-updatedAt");
        Assert.That(items.Ids(), Is.EqualTo(new[] { scheduled.Id(), edited.Id() }));
    }

    [Test]
    public async Task A_tag_list_by_last_change_follows_the_moment_an_article_goes_public()
    {
        var tag = Given.UniqueSlug("志愿服务");
        var section = await Given.SectionAsync();
        var (scheduled, _, publishAt) = await ScheduledAsync(TimeSpan.FromHours(1), section, tag);
        var edited = await Given.ArticleAsync(section: section, publishedAt: Clock.GetUtcNow().AddDays(-1), tags: [tag]);
        Clock.Advance(TimeSpan.FromMinutes(10));
        await (await Admin.MergePatchAsync(edited.Url(), new { summary = "团委组织青年志愿者走进社区。" })).ExpectJsonAsync(HttpStatusCode.OK);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var since = Format(Clock.GetUtcNow());

        Clock.Advance(TimeSpan.FromHours(1));

        var sorted = await Anonymous.ItemsAsync($"tag={Uri.EscapeDataString(tag)}&sort=-updatedAt");
        var changed = await Anonymous.ItemsAsync($"tag={Uri.EscapeDataString(tag)}&updatedSince={since}");
        Assert.That(sorted.Ids(), Is.EqualTo(new[] { scheduled.Id(), edited.Id() }));
        Assert.That(changed.Ids(), Is.EqualTo(new[] { scheduled.Id() }));
        Assert.That((DateTime)changed[0]!["updatedAt"]!, Is.EqualTo(publishAt.UtcDateTime));
    }

    [Test]
    public async Task With_a_key_a_scheduled_article_shows_the_time_it_will_change_and_its_last_write_before_that()
    {
        var (scheduled, section, publishAt) = await ScheduledAsync(TimeSpan.FromHours(2));
        var written = Clock.GetUtcNow();
        var older = await Given.ArticleAsync(section: section, publishedAt: written.AddDays(-1));

        var read = await (await Admin.GetAsync(scheduled.Url())).ExpectJsonAsync(HttpStatusCode.OK);
        var sorted = await Admin.ItemsAsync($"station={section.StationId}&sort=-updatedAt");

        Assert.That((string?)read["status"], Is.EqualTo("scheduled"));
        Assert.That((DateTime)read["updatedAt"]!, Is.EqualTo(publishAt.UtcDateTime));
        Assert.That(sorted.Ids(), Is.EqualTo(new[] { scheduled.Id(), older.Id() }));
    }

    [Test]
    public async Task An_article_published_with_a_past_time_changes_when_it_is_written()
    {
        var section = await Given.SectionAsync();
        var now = Clock.GetUtcNow();

        var article = await Given.ArticleAsync(section: section, publishedAt: now.AddYears(-2));

        var read = await (await Anonymous.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((DateTime)read["updatedAt"]!, Is.EqualTo(ArticleApi.ToMilliseconds(now.UtcDateTime)));
    }

    async Task<(JsonNode Article, (long StationId, long ChannelId) Section, DateTimeOffset PublishAt)> ScheduledAsync(
        TimeSpan wait, (long StationId, long ChannelId)? section = null, string? tag = null)
    {
        var inSection = section ?? await Given.SectionAsync();
        var draft = await Given.ArticleAsync(status: "draft", section: inSection, tags: tag is null ? null : [tag]);
        var publishAt = new DateTimeOffset(ArticleApi.ToMilliseconds(Clock.GetUtcNow().Add(wait).UtcDateTime));
        await (await Admin.PostJsonAsync(ApiRoutes.For(PublishArticleRequest.Route, draft.Id()), new { publishAt })).ExpectJsonAsync(HttpStatusCode.OK);
        return (draft, inSection, publishAt);
    }

    static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
