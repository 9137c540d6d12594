using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>What paging promises while articles that stay published are edited (README, "Sort"): newest first by publish
/// time misses none and repeats none, since an edit does not move an article in that order. By last change, an article
/// edited while a client pages moves to the front, behind the client: the pass never repeats an article, every article
/// left alone appears once, and the edited one is what the next pass, from updatedSince, brings.</summary>
public sealed class ChangeOrderPagingTests : SteppingClockApiFixture
{
    static readonly DateTimeOffset Jan2 = new(2024, 1, 2, 14, 36, 0, TimeSpan.FromHours(8));

    [Test]
    public async Task Paging_newest_first_by_publish_time_while_articles_are_edited_misses_none_and_repeats_none()
    {
        var section = await Given.SectionAsync();
        var articles = await PublishAsync(section, 6);
        var query = $"station={section.StationId}&sort=-publishedAt&limit=2";
        var (first, cursor) = await PageAsync(query, null);

        await EditAsync(articles[0]);
        await EditAsync(articles[5]);
        var rest = await FollowAsync(query, cursor);

        var seen = first.Ids().Concat(rest.Ids()).ToList();
        Assert.That(seen, Is.EqualTo(articles.Select(a => a.Id()).Reverse()));
    }

    [Test]
    public async Task Paging_by_last_change_while_an_unread_article_is_edited_repeats_none_and_the_next_pass_from_updated_since_brings_it()
    {
        var section = await Given.SectionAsync();
        var articles = await PublishAsync(section, 6);
        var query = $"station={section.StationId}&sort=-updatedAt&limit=2";
        var (first, cursor) = await PageAsync(query, null);
        var newestSeen = (string)first[0]!["updatedAt"]!;

        var edited = articles[0];
        await EditAsync(edited);
        var rest = await FollowAsync(query, cursor);
        var next = await Anonymous.ItemsAsync($"station={section.StationId}&sort=-updatedAt&updatedSince={Uri.EscapeDataString(newestSeen)}");

        var seen = first.Ids().Concat(rest.Ids()).ToList();
        Assert.That(seen, Is.Unique);
        Assert.That(seen, Is.SupersetOf(articles.Where(a => a.Id() != edited.Id()).Select(a => a.Id())), "every article left alone appears once");
        Assert.That(next.Ids().First(), Is.EqualTo(edited.Id()), "the next pass starts with what changed");
    }

    [Test]
    public async Task Paging_by_last_change_without_edits_visits_every_article_once_newest_change_first()
    {
        var section = await Given.SectionAsync();
        var articles = await PublishAsync(section, 5);
        await EditAsync(articles[1]);
        var query = $"station={section.StationId}&sort=-updatedAt&limit=2";

        var (first, cursor) = await PageAsync(query, null);
        var rest = await FollowAsync(query, cursor);

        var seen = first.Ids().Concat(rest.Ids()).ToList();
        var expected = new[] { articles[1] }.Concat(articles.Where(a => a != articles[1]).Reverse()).Select(a => a.Id());
        Assert.That(seen, Is.EqualTo(expected));
    }

    async Task<List<JsonNode>> PublishAsync((long StationId, long ChannelId) section, int count)
    {
        var articles = new List<JsonNode>();
        for (var i = 0; i < count; i++) { articles.Add(await Given.ArticleAsync(section: section, publishedAt: Jan2.AddMinutes(i))); }
        return articles;
    }

    async Task EditAsync(JsonNode article) =>
        await (await Admin.MergePatchAsync(article.Url(), new { summary = "长岭县团委 " + Guid.NewGuid().ToString("N")[..6] }))
            .ExpectJsonAsync(HttpStatusCode.OK);

    async Task<(JsonArray Items, string? NextCursor)> PageAsync(string query, string? cursor)
    {
        var page = await (await Anonymous.GetAsync($"{ArticleApi.Path}?{query}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}"))
            .ExpectJsonAsync(HttpStatusCode.OK);
        return (page["items"]!.AsArray(), (string?)page["nextCursor"]);
    }

    async Task<JsonArray> FollowAsync(string query, string? cursor)
    {
        Assert.That(cursor, Is.Not.Null, "the first page promises more");
        var items = new JsonArray();
        for (var pages = 0; cursor is not null; pages++)
        {
            Assert.That(pages, Is.LessThan(20), "paging must end");
            (var page, cursor) = await PageAsync(query, cursor);
            foreach (var item in page.ToList()) { items.Add(item!.DeepClone()); }
        }
        return items;
    }
}
