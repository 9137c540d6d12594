using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Sync;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Sync;

/// <summary>A station's (or a channel's) app syncs only what that station shows: every article it can see, and a
/// tombstone for each one that leaves it, and nothing of the other stations nor of drafts that were never public.</summary>
public sealed class SyncScopeTests : ApiFixture
{
    static readonly string Path = ApiRoutes.For(SyncArticlesRequest.Route);

    [Test]
    public async Task A_station_app_holds_exactly_the_published_articles_of_its_station()
    {
        var station = await Given.StationAsync(name: "松原站");
        var yaowen = await Given.ChannelAsync(station.Id(), name: "要闻");
        var other = await Given.SectionAsync();
        var section = (station.Id(), yaowen.Id());
        var kept = await PublishedAsync(section, "松原市举办青年创业分享会");
        var movedAway = await PublishedAsync(section, "长岭县团委开展志愿服务");
        var unpublished = await PublishedAsync(section, "前郭县举办冰雪节");
        var deleted = await PublishedAsync(section, "乾安县召开团代会");
        var elsewhere = await PublishedAsync(other, "长春站的新闻");
        var app = new SyncingApp(Anonymous, $"station={station["slug"]}");
        await app.SyncAsync();
        var movedIn = await PublishedAsync(other, "从长春站移来的新闻");
        await ReplaceAsync(movedAway, other, "长岭县团委开展志愿服务");
        await ReplaceAsync(movedIn, section, "从长春站移来的新闻");
        await ReplaceAsync(unpublished, section, "前郭县举办冰雪节", status: "draft");
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, deleted.Id()))).EnsureSuccessStatusCodeAsync();
        await ReplaceAsync(elsewhere, other, "长春站的新闻(更新)");

        var items = await app.SyncAsync();

        var published = (await Anonymous.AllPagesAsync($"{ArticleApi.Path}?station={station.Id()}", 100)).Select(a => a.Id()).ToList();
        Assert.That(app.Articles.Keys, Is.EquivalentTo(published));
        Assert.That(app.Articles.Keys, Is.EquivalentTo(new[] { kept.Id(), movedIn.Id() }));
        Assert.That(items.Where(i => (bool)i["deleted"]!).Select(i => i.Id()), Is.EquivalentTo(new[] { movedAway.Id(), unpublished.Id(), deleted.Id() }));
        Assert.That(string.Concat(app.RawPages), Does.Not.Contain("长春站的新闻"), "another station's articles never reach this app");
    }

    [Test]
    public async Task A_channel_app_by_slug_with_station_or_by_id_holds_exactly_the_channel()
    {
        var station = await Given.StationAsync();
        var yaowen = await Given.ChannelAsync(station.Id(), name: "要闻");
        var shizheng = await Given.ChannelAsync(station.Id(), name: "时政");
        var inChannel = await PublishedAsync((station.Id(), yaowen.Id()), "要闻频道的新闻");
        var besides = await PublishedAsync((station.Id(), shizheng.Id()), "时政频道的新闻");
        var bySlug = new SyncingApp(Anonymous, $"station={station["slug"]}&channel={yaowen["slug"]}");
        var byId = new SyncingApp(Anonymous, $"channel={yaowen.Id()}");
        await bySlug.SyncAsync();
        await byId.SyncAsync();
        await ReplaceAsync(besides, (station.Id(), yaowen.Id()), "时政频道的新闻");
        await ReplaceAsync(inChannel, (station.Id(), shizheng.Id()), "要闻频道的新闻");

        await bySlug.SyncAsync();
        await byId.SyncAsync();

        var published = (await Anonymous.AllPagesAsync($"{ArticleApi.Path}?channel={yaowen.Id()}", 100)).Select(a => a.Id()).ToList();
        Assert.That(published, Is.EqualTo(new[] { besides.Id() }));
        Assert.That(bySlug.Articles.Keys, Is.EquivalentTo(published));
        Assert.That(byId.Articles.Keys, Is.EquivalentTo(published));
    }

    [Test]
    public async Task A_draft_that_was_never_published_sends_no_tombstone()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync(station.Id());
        var section = (station.Id(), channel.Id());
        var app = new SyncingApp(Anonymous, $"station={station.Id()}");
        await app.SyncAsync();
        var draft = await Given.ArticleAsync(section: section, status: "draft", title: "从未发布的草稿");
        await ReplaceAsync(draft, section, "从未发布的草稿第二稿", status: "draft");
        var trashed = await Given.ArticleAsync(section: section, status: "draft", title: "删掉的草稿");
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, trashed.Id()))).EnsureSuccessStatusCodeAsync();

        var items = await app.SyncAsync();
        var fromNothing = new SyncingApp(Anonymous, $"station={station.Id()}");
        var first = await fromNothing.SyncAsync();

        Assert.That(items, Is.Empty);
        Assert.That(first, Is.Empty);
    }

    [Test]
    public async Task An_article_published_then_unpublished_sends_its_tombstone_also_to_an_app_starting_now()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync(station.Id());
        var article = await PublishedAsync((station.Id(), channel.Id()), "发布后撤回的新闻");
        await ReplaceAsync(article, (station.Id(), channel.Id()), "发布后撤回的新闻", status: "draft");

        var items = await new SyncingApp(Anonymous, $"station={station.Id()}").SyncAsync();

        Assert.That(items.Select(i => (i.Id(), (bool)i["deleted"]!)), Is.EqualTo(new[] { (article.Id(), true) }));
    }

    [Test]
    public async Task A_token_used_with_another_station_or_channel_is_a_400_naming_since()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync(station.Id());
        var other = await Given.StationAsync();
        await PublishedAsync((station.Id(), channel.Id()), "松原站要闻");
        var app = new SyncingApp(Anonymous, $"station={station.Id()}");
        await app.SyncAsync();
        var since = "since=" + Uri.EscapeDataString(app.Token!);

        foreach (var scope in new[] { "", $"station={other.Id()}&", $"station={station.Id()}&channel={channel.Id()}&" })
        {
            var res = await Anonymous.GetAsync($"{Path}?{scope}{since}");

            var problem = await res.ExpectProblemAsync(ProblemTypes.ValidationFailed);
            Assert.That(problem.ErrorsFor("since"), Is.Not.Empty, problem.ToJsonString());
        }
        var same = await Anonymous.GetAsync($"{Path}?station={station["slug"]}&{since}");
        await same.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [TestCase("stationId=1", "stationId")]
    [TestCase("cursor=abc", "cursor")]
    [TestCase("limit=5&statoin=songyuan", "statoin")]
    public async Task An_unknown_parameter_is_a_400_naming_it(string query, string name)
    {
        var res = await Anonymous.GetAsync($"{Path}?{query}");

        var problem = await res.ExpectProblemAsync(ProblemTypes.ValidationFailed);
        Assert.That(problem.ErrorsFor(name), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task A_station_or_channel_that_does_not_exist_is_a_400_naming_it()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync(station.Id());
        var other = await Given.StationAsync();

        var noStation = await (await Anonymous.GetAsync($"{Path}?station=no-such-station")).ExpectProblemAsync(ProblemTypes.ValidationFailed);
        var noChannel = await (await Anonymous.GetAsync($"{Path}?channel=999999999")).ExpectProblemAsync(ProblemTypes.ValidationFailed);
        var slugAlone = await (await Anonymous.GetAsync($"{Path}?channel={channel["slug"]}")).ExpectProblemAsync(ProblemTypes.ValidationFailed);
        var wrongStation = await (await Anonymous.GetAsync($"{Path}?station={other.Id()}&channel={channel.Id()}"))
            .ExpectProblemAsync(ProblemTypes.ValidationFailed);

        Assert.That(noStation.ErrorsFor("station"), Is.Not.Empty, noStation.ToJsonString());
        Assert.That(noChannel.ErrorsFor("channel"), Is.Not.Empty, noChannel.ToJsonString());
        Assert.That(slugAlone.ErrorsFor("channel"), Is.Not.Empty, slugAlone.ToJsonString());
        Assert.That(wrongStation.ErrorsFor("channel"), Is.Not.Empty, wrongStation.ToJsonString());
    }

    [Test]
    public async Task A_page_stops_before_256_KB_of_items_and_the_pages_add_up_to_every_change()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync(station.Id());
        var paragraph = "<p>" + string.Concat(Enumerable.Repeat(SeedArticle.Title, 40)) + "</p>";
        var body = string.Concat(Enumerable.Repeat(paragraph, 36));
        var articles = new List<JsonNode>();
        for (var i = 1; i <= 4; i++)
        {
            articles.Add(await Given.ArticleAsync(section: (station.Id(), channel.Id()), title: $"长文第{i}篇", bodyHtml: body));
        }
        var app = new SyncingApp(Anonymous, $"station={station.Id()}&limit=500");

        await app.SyncAsync();

        var sizes = app.RawPages.Select(p => Encoding.UTF8.GetByteCount(p)).ToList();
        Assert.That(Encoding.UTF8.GetByteCount(body), Is.GreaterThan(SyncArticlesRequest.MaxPageBytes / 4), "the test needs articles that fill a page");
        Assert.That(app.RawPages, Has.Count.GreaterThan(1), string.Join(", ", sizes));
        Assert.That(sizes, Has.All.LessThan(SyncArticlesRequest.MaxPageBytes + 1024));
        Assert.That(app.RawPages.Select(p => JsonNode.Parse(p)!["items"]!.AsArray().Count), Has.All.GreaterThan(0));
        Assert.That(app.Articles.Keys, Is.EquivalentTo(articles.Select(a => a.Id())));
    }

    async Task<JsonNode> PublishedAsync((long StationId, long ChannelId) section, string title)
    {
        var body = ArticleApi.Body(section, title);
        body["publishedAt"] = ArticleApi.SeedPublishedAt;
        return await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
    }

    async Task ReplaceAsync(JsonNode article, (long StationId, long ChannelId) section, string title, string status = "published")
    {
        var body = ArticleApi.Body(section, title);
        body["status"] = status;
        body["publishedAt"] = ArticleApi.SeedPublishedAt;
        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), body)).ExpectJsonAsync(HttpStatusCode.OK);
    }
}
