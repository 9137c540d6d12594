using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Cms.Api.Features.Feeds;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Feeds;

/// <summary>A scheduled article changes for feed readers when it appears.</summary>
public sealed class FeedScheduleTests : ApiFixture
{
    static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    protected override bool MovesClock => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cms:Cache:ServerSeconds"] = "0" };

    [Test]
    public async Task A_scheduled_articles_Atom_updated_and_JSON_date_modified_are_not_earlier_than_its_publish_time()
    {
        var section = await Given.SectionAsync();
        var publishAt = Clock.GetUtcNow().AddHours(1);
        await Given.ArticleAsync(title: "定时发布的团委新闻", publishedAt: publishAt, section: section);

        Clock.Advance(TimeSpan.FromHours(2));
        var atom = XDocument.Parse(await TextAsync(ApiRoutes.For(ChannelFeedRequest.Route, section.StationId, section.ChannelId, "atom")));
        var json = JsonNode.Parse(await TextAsync(ApiRoutes.For(ChannelFeedRequest.Route, section.StationId, section.ChannelId, "json")))!;

        var entry = atom.Root!.Elements(Atom + "entry").Single();
        var published = Rfc3339.Parse((string?)entry.Element(Atom + "published"));
        Assert.That(published, Is.EqualTo(publishAt).Within(TimeSpan.FromSeconds(1)));
        Assert.That(Rfc3339.Parse((string?)entry.Element(Atom + "updated")), Is.GreaterThanOrEqualTo(published));
        var item = json["items"]!.AsArray().Single()!;
        Assert.That(Rfc3339.Parse((string?)item["date_modified"]), Is.GreaterThanOrEqualTo(Rfc3339.Parse((string?)item["date_published"])));
    }

    [Test]
    public async Task A_feeds_Last_Modified_moves_when_a_scheduled_article_appears()
    {
        var section = await Given.SectionAsync();
        await Given.ArticleAsync(title: "已经发布的新闻", section: section);
        var publishAt = Clock.GetUtcNow().AddHours(1);
        await Given.ArticleAsync(title: "定时发布的团委新闻", publishedAt: publishAt, section: section);
        var url = ApiRoutes.For(ChannelFeedRequest.Route, section.StationId, section.ChannelId, "rss");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var before = await Anonymous.GetAsync(url);

        Clock.Advance(TimeSpan.FromHours(2));
        var after = await Anonymous.GetAsync(url);

        Assert.That(before.Content.Headers.LastModified, Is.LessThan(publishAt));
        Assert.That(after.Content.Headers.LastModified, Is.EqualTo(publishAt).Within(TimeSpan.FromSeconds(1)));
    }

    [TestCase("rss")]
    [TestCase("atom")]
    [TestCase("json")]
    public async Task A_feed_sends_Last_Modified_of_its_newest_change_and_answers_If_Modified_Since_with_304(string format)
    {
        var section = await Given.SectionAsync();
        await Given.ArticleAsync(title: "较早的新闻", section: section);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await Given.ArticleAsync(title: "最新的新闻", section: section);
        var url = ApiRoutes.For(ChannelFeedRequest.Route, section.StationId, section.ChannelId, format);
        Clock.Advance(TimeSpan.FromSeconds(1));

        var res = await Anonymous.GetAsync(url);
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfModifiedSince = res.Content.Headers.LastModified;
        var revalidated = await Anonymous.SendAsync(again);

        Assert.That(res.Content.Headers.LastModified, Is.EqualTo(new DateTimeOffset((DateTime)newer["updatedAt"]!)).Within(TimeSpan.FromSeconds(1)));
        Assert.That(revalidated.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    async Task<string> TextAsync(string url)
    {
        var res = await Anonymous.GetAsync(url);
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return text;
    }
}
