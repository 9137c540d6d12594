using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Features.Sync;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Sync;

/// <summary>An offline-first app that syncs from nothing and then from each token holds exactly the published articles.</summary>
public sealed class SyncTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    static readonly string Path = ApiRoutes.For(SyncArticlesRequest.Route);

    [Test]
    public async Task An_app_that_syncs_from_nothing_and_then_from_each_token_holds_exactly_the_published_articles()
    {
        var section = await Given.SectionAsync();
        var kept = await PublishedAsync(section, "松原市举办青年创业分享会");
        var edited = await PublishedAsync(section, "长岭县团委开展志愿服务");
        var unpublished = await PublishedAsync(section, "前郭县举办冰雪节");
        var deleted = await PublishedAsync(section, "乾安县召开团代会");
        var publishedLater = await Given.ArticleAsync(section: section, status: "draft", title: "扶余市团委走访困难青年");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var created = await PublishedAsync(section, "宁江区开展青年理论学习");
        var newDraft = await Given.ArticleAsync(section: section, status: "draft", title: "未发布的草稿");
        var scheduled = await PublishedAsync(section, "定时发布的新闻", "2099-01-01T08:00:00+08:00");
        await ReplaceAsync(edited, section, "长岭县团委开展志愿服务活动纪实");
        await ReplaceAsync(unpublished, section, "前郭县举办冰雪节", status: "draft");
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, deleted.Id()))).EnsureSuccessStatusCodeAsync();
        await ReplaceAsync(publishedLater, section, "扶余市团委走访困难青年");

        await app.SyncAsync();

        var published = (await Anonymous.AllPagesAsync(ArticleApi.Path, 100)).Select(a => a.Id()).ToList();
        Assert.That(app.Articles.Keys, Is.EquivalentTo(published));
        Assert.That(app.Articles.Keys, Is.SupersetOf(new[] { kept.Id(), edited.Id(), created.Id(), publishedLater.Id() }));
        Assert.That(app.Articles.Keys, Has.None.AnyOf(unpublished.Id(), deleted.Id(), newDraft.Id(), scheduled.Id()));
        foreach (var id in new[] { kept.Id(), edited.Id(), created.Id(), publishedLater.Id() })
        {
            var page = await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, id))).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.That(app.Articles[id].ToJsonString(), Is.EqualTo(page.ToJsonString()), $"article {id} as the app holds it");
        }
    }

    [Test]
    public async Task An_edit_arrives_as_the_new_content()
    {
        var section = await Given.SectionAsync();
        var article = await PublishedAsync(section, "长岭县团委召开全委会");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var body = ArticleApi.Body(section, "长岭县团委召开十五届全委会");
        body["bodyHtml"] = "<p>会议审议通过了常委会工作报告。</p>";
        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), body)).ExpectJsonAsync(HttpStatusCode.OK);

        var items = await app.SyncAsync();

        Assert.That(items.Select(i => i.Id()), Is.EqualTo(new[] { article.Id() }));
        Assert.That((bool)items[0]["deleted"]!, Is.False);
        Assert.That((string?)items[0]["article"]!["title"], Is.EqualTo("长岭县团委召开十五届全委会"));
        Assert.That((string?)items[0]["article"]!["bodyHtml"], Is.EqualTo("<p>会议审议通过了常委会工作报告。</p>"));
    }

    [Test]
    public async Task A_delete_arrives_as_a_tombstone_with_only_the_id()
    {
        var article = await PublishedAsync(await Given.SectionAsync(), "乾安县开展植树活动");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        Assert.That(app.Articles.Keys, Does.Contain(article.Id()));
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, article.Id()))).EnsureSuccessStatusCodeAsync();

        var items = await app.SyncAsync();

        Assert.That(items, Has.Count.EqualTo(1));
        Assert.That(items[0].AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "deleted" }));
        Assert.That(items[0].Id(), Is.EqualTo(article.Id()));
        Assert.That((bool)items[0]["deleted"]!, Is.True);
        Assert.That(app.Articles.Keys, Does.Not.Contain(article.Id()));
    }

    [Test]
    public async Task Unpublishing_arrives_as_a_tombstone_that_carries_none_of_the_article()
    {
        var section = await Given.SectionAsync();
        var article = await PublishedAsync(section, "前郭县查干湖冬捕开幕");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();

        await ReplaceAsync(article, section, "前郭县查干湖冬捕开幕(撤回修改)", status: "draft");
        var items = await app.SyncAsync();

        Assert.That(items.Select(i => (i.Id(), (bool)i["deleted"]!)), Is.EqualTo(new[] { (article.Id(), true) }));
        Assert.That(items[0]["article"], Is.Null);
        Assert.That(app.RawPages[^1], Does.Not.Contain("撤回修改"));
        Assert.That(app.Articles.Keys, Does.Not.Contain(article.Id()));
    }

    [Test]
    public async Task A_draft_never_arrives_as_an_article()
    {
        var section = await Given.SectionAsync();
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var draft = await Given.ArticleAsync(section: section, status: "draft", title: "内部草稿请勿外传");
        await ReplaceAsync(draft, section, "内部草稿请勿外传第二稿", status: "draft");

        var items = await app.SyncAsync();
        var fromNothing = new SyncingApp(Anonymous);
        await fromNothing.SyncAsync();

        Assert.That(items.Where(i => i.Id() == draft.Id()).Select(i => (bool)i["deleted"]!), Has.None.False);
        Assert.That(string.Concat(app.RawPages.Concat(fromNothing.RawPages)), Does.Not.Contain("内部草稿请勿外传"));
        Assert.That(app.Articles.Keys, Does.Not.Contain(draft.Id()));
        Assert.That(fromNothing.Articles.Keys, Does.Not.Contain(draft.Id()));
    }

    [Test]
    public async Task An_article_scheduled_for_later_does_not_arrive_while_it_is_scheduled()
    {
        var section = await Given.SectionAsync();
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var scheduled = await PublishedAsync(section, "明年元旦起施行的新规定", "2099-01-01T00:00:00+08:00");

        var items = await app.SyncAsync();
        var fromNothing = new SyncingApp(Anonymous);
        await fromNothing.SyncAsync();

        Assert.That(items.Where(i => i.Id() == scheduled.Id()).Select(i => (bool)i["deleted"]!), Has.None.False);
        Assert.That(string.Concat(app.RawPages.Concat(fromNothing.RawPages)), Does.Not.Contain("明年元旦起施行的新规定"));
        Assert.That(app.Articles.Keys, Does.Not.Contain(scheduled.Id()));
        Assert.That(fromNothing.Articles.Keys, Does.Not.Contain(scheduled.Id()));
    }

    [Test]
    public async Task A_published_article_moved_to_a_later_publish_time_leaves_the_app_until_it_is_due()
    {
        var section = await Given.SectionAsync();
        var article = await PublishedAsync(section, "松原市民营经济发展大会");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        Assert.That(app.Articles.Keys, Does.Contain(article.Id()));
        await ReplaceAsync(article, section, "松原市民营经济发展大会", publishedAt: "2099-01-01T00:00:00+08:00");
        await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectProblemAsync(HttpStatusCode.NotFound);

        await app.SyncAsync();

        var published = (await Anonymous.AllPagesAsync(ArticleApi.Path, 100)).Select(a => a.Id()).ToList();
        Assert.That(app.Articles.Keys, Does.Not.Contain(article.Id()), "the public can no longer see it, so the app must drop it");
        Assert.That(app.Articles.Keys, Is.EquivalentTo(published));
    }

    [Test]
    public async Task Renaming_an_author_reaches_the_articles_an_app_holds_with_that_byline()
    {
        var section = await Given.SectionAsync();
        var author = await Given.AuthorAsync("李雪");
        var body = ArticleApi.Body(section, "长岭县团委表彰优秀团干部");
        body["bylines"] = new object[] { new { authorId = author.Id(), role = "correspondent" } };
        var article = await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateAuthorRequest.Route, author.Id()), new { slug = (string)author["slug"]!, name = "李雪梅" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        await app.SyncAsync();

        var page = await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)page["bylines"]![0]!["author"]!["name"], Is.EqualTo("李雪梅"));
        Assert.That((string?)app.Articles[article.Id()]["bylines"]![0]!["author"]!["name"], Is.EqualTo("李雪梅"),
            "the app still shows the old byline");
    }

    [Test]
    public async Task Renaming_a_channel_reaches_the_articles_an_app_holds_in_it()
    {
        var section = await Given.SectionAsync();
        var article = await PublishedAsync(section, "松原市召开经济工作会议");
        var channel = await (await Anonymous.GetAsync(ApiRoutes.For(GetChannelRequest.Route, section.ChannelId))).ExpectJsonAsync(HttpStatusCode.OK);
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateChannelRequest.Route, section.ChannelId), new { slug = (string)channel["slug"]!, name = "时政" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        await app.SyncAsync();

        var page = await (await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)page["channel"]!["name"], Is.EqualTo("时政"));
        Assert.That((string?)app.Articles[article.Id()]["channel"]!["name"], Is.EqualTo("时政"), "the app still shows the old breadcrumb");
    }

    [Test]
    public async Task Renaming_a_station_reaches_the_articles_an_app_holds_in_it()
    {
        var section = await Given.SectionAsync();
        var article = await PublishedAsync(section, "松原市召开经济工作会议");
        var station = await (await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, section.StationId))).ExpectJsonAsync(HttpStatusCode.OK);
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateStationRequest.Route, section.StationId), new { slug = (string)station["slug"]!, name = "松原分站" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        await app.SyncAsync();

        Assert.That((string?)app.Articles[article.Id()]["station"]!["name"], Is.EqualTo("松原分站"));
    }

    [Test]
    public async Task A_new_caption_of_a_cover_reaches_the_articles_an_app_holds_with_it()
    {
        var section = await Given.SectionAsync();
        var cover = await Given.MediaAsync(caption: "旧图注");
        var created = await Admin.PostJsonAsync(ArticleApi.Path, new
        {
            title = "查干湖冬捕", stationId = section.StationId, channelId = section.ChannelId, status = "published",
            coverMediaId = (long)cover["id"]!,
        });
        var article = await created.ExpectJsonAsync(HttpStatusCode.Created);
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateMediaRequest.Route, cover["id"]!), new { caption = "新图注" })).ExpectJsonAsync(HttpStatusCode.OK);

        await app.SyncAsync();

        Assert.That((string?)app.Articles[article.Id()]["cover"]!["caption"], Is.EqualTo("新图注"));
    }

    [Test]
    public async Task Changes_arrive_in_the_order_they_happened_each_article_once_at_its_latest_change()
    {
        var section = await Given.SectionAsync();
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var first = await PublishedAsync(section, "第一篇");
        var second = await PublishedAsync(section, "第二篇");
        var third = await PublishedAsync(section, "第三篇");
        await ReplaceAsync(first, section, "第一篇(更新)");

        var items = await app.SyncAsync();

        Assert.That(items.Select(i => i.Id()), Is.EqualTo(new[] { second.Id(), third.Id(), first.Id() }));
        Assert.That((string?)items[2]["article"]!["title"], Is.EqualTo("第一篇(更新)"));
    }

    [Test]
    public async Task A_sync_with_nothing_new_returns_no_items_and_a_token_that_still_works()
    {
        var section = await Given.SectionAsync();
        await PublishedAsync(section, "松原站新闻");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var token = app.Token;

        var quiet = await (await Anonymous.GetAsync($"{Path}?since={Uri.EscapeDataString(token!)}")).ExpectJsonAsync(HttpStatusCode.OK);
        var later = await PublishedAsync(section, "同步之后发布的新闻");
        var next = await (await Anonymous.GetAsync($"{Path}?since={Uri.EscapeDataString((string)quiet["nextToken"]!)}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(quiet["items"]!.AsArray(), Is.Empty);
        Assert.That((bool)quiet["hasMore"]!, Is.False);
        Assert.That((string?)quiet["nextToken"], Is.Not.Null.And.Not.Empty);
        Assert.That(next["items"]!.AsArray().Select(i => i!.Id()), Is.EqualTo(new[] { later.Id() }));
    }

    [Test]
    public async Task Syncing_two_at_a_time_sets_hasMore_and_the_pages_add_up_to_the_whole_sync()
    {
        var section = await Given.SectionAsync();
        var start = new SyncingApp(Anonymous);
        await start.SyncAsync();
        var articles = new List<JsonNode>();
        for (var i = 1; i <= 5; i++) { articles.Add(await PublishedAsync(section, $"分页同步第{i}篇")); }
        await (await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, articles[1].Id()))).EnsureSuccessStatusCodeAsync();
        await ReplaceAsync(articles[3], section, "分页同步第4篇(更新)");
        await Given.ArticleAsync(section: section, status: "draft", title: "分页同步草稿");

        var whole = await SyncPagesAsync(start.Token, limit: 500);
        var pages = await SyncPagesAsync(start.Token, limit: 2);

        Assert.That(whole, Has.Count.EqualTo(1));
        Assert.That(pages, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(pages.Take(pages.Count - 1).Select(p => (bool)p["hasMore"]!), Has.All.True);
        Assert.That(pages.Take(pages.Count - 1).Select(p => p["items"]!.AsArray().Count), Has.All.EqualTo(2));
        Assert.That((bool)pages[^1]["hasMore"]!, Is.False);
        Assert.That(pages[^1]["items"]!.AsArray(), Has.Count.InRange(0, 2));
        Assert.That(pages.SelectMany(p => p["items"]!.AsArray()).Select(i => i!.ToJsonString()),
            Is.EqualTo(whole[0]["items"]!.AsArray().Select(i => i!.ToJsonString())));
        Assert.That(whole[0]["items"]!.AsArray().Select(i => i!.Id()), Is.SupersetOf(articles.Select(a => a.Id())));
    }

    [TestCase("abc")]
    [TestCase("not-a-token.AAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("MTIz.")]
    [TestCase("!!!.???")]
    public async Task A_token_the_API_did_not_issue_is_a_400_naming_since(string token)
    {
        var res = await Anonymous.GetAsync($"{Path}?since={Uri.EscapeDataString(token)}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("since"), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task A_real_token_with_its_position_edited_is_a_400_naming_since()
    {
        await PublishedAsync(await Given.SectionAsync(), "松原站要闻");
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        var token = app.Token!;
        var signature = token[(token.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("0")) + "." + signature;

        var res = await Anonymous.GetAsync($"{Path}?since={Uri.EscapeDataString(forged)}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("since"), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task A_list_cursor_is_not_a_sync_token()
    {
        var section = await Given.SectionAsync();
        await PublishedAsync(section, "第一篇");
        await PublishedAsync(section, "第二篇");
        var page = await (await Anonymous.GetAsync($"{ArticleApi.Path}?station={section.StationId}&limit=1")).ExpectJsonAsync(HttpStatusCode.OK);
        var cursor = (string)page["nextCursor"]!;

        var res = await Anonymous.GetAsync($"{Path}?since={Uri.EscapeDataString(cursor)}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("since"), Is.Not.Empty, problem.ToJsonString());
    }

    [TestCase(0)]
    [TestCase(501)]
    [TestCase(-1)]
    public async Task A_limit_outside_1_to_500_is_a_400_naming_limit(int limit)
    {
        var res = await Anonymous.GetAsync($"{Path}?limit={limit}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("limit"), Is.Not.Empty, problem.ToJsonString());
    }

    [TestCase(1)]
    [TestCase(500)]
    public async Task A_limit_of_1_or_500_is_accepted(int limit)
    {
        await PublishedAsync(await Given.SectionAsync(), "松原站要闻");

        var res = await Anonymous.GetAsync($"{Path}?limit={limit}");

        var body = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(body["items"]!.AsArray(), Has.Count.InRange(1, limit));
    }

    async Task<JsonNode> PublishedAsync((long StationId, long ChannelId) section, string title, string publishedAt = ArticleApi.SeedPublishedAt)
    {
        var body = ArticleApi.Body(section, title);
        body["publishedAt"] = publishedAt;
        return await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
    }

    async Task ReplaceAsync(JsonNode article, (long StationId, long ChannelId) section, string title, string status = "published",
        string publishedAt = ArticleApi.SeedPublishedAt)
    {
        var body = ArticleApi.Body(section, title);
        body["status"] = status;
        body["publishedAt"] = publishedAt;
        await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, article.Id()), body)).ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Every page of one sync from a token, following nextToken while hasMore.</summary>
    async Task<List<JsonNode>> SyncPagesAsync(string? since, int limit)
    {
        var pages = new List<JsonNode>();
        var token = since;
        do
        {
            var page = await (await Anonymous.GetAsync($"{Path}?limit={limit}{(token is null ? "" : "&since=" + Uri.EscapeDataString(token))}"))
                .ExpectJsonAsync(HttpStatusCode.OK);
            Assert.That(page["items"]!.AsArray(), Has.Count.LessThanOrEqualTo(limit));
            pages.Add(page);
            token = (string)page["nextToken"]!;
            Assert.That(pages, Has.Count.LessThan(1000), "hasMore never became false");
        }
        while ((bool)pages[^1]["hasMore"]!);
        return pages;
    }
}

/// <summary>What a mobile app does: keep a token, fetch changes until hasMore is false, store each article or drop it on a tombstone.</summary>
internal sealed class SyncingApp(HttpClient client, string scope = "")
{
    public Dictionary<long, JsonNode> Articles { get; } = [];

    public string? Token { get; set; }

    public void Forget()
    {
        Articles.Clear();
        Token = null;
    }

    /// <summary>The body of every sync page received, to check what never leaves the server.</summary>
    public List<string> RawPages { get; } = [];

    /// <returns>The items received by this sync, in order.</returns>
    public async Task<List<JsonNode>> SyncAsync()
    {
        var received = new List<JsonNode>();
        bool more;
        do
        {
            var query = string.Join('&', new[] { scope, Token is null ? "" : "since=" + Uri.EscapeDataString(Token) }.Where(p => p.Length > 0));
            var res = await client.GetAsync(ApiRoutes.For(SyncArticlesRequest.Route) + (query.Length == 0 ? "" : "?" + query));
            var text = await res.Content.ReadAsStringAsync();
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            RawPages.Add(text);
            var page = JsonNode.Parse(text)!;
            foreach (var item in page["items"]!.AsArray().Select(i => i!))
            {
                Apply(item);
                received.Add(item);
            }
            Token = (string?)page["nextToken"];
            Assert.That(Token, Is.Not.Null.And.Not.Empty);
            more = (bool)page["hasMore"]!;
            Assert.That(RawPages, Has.Count.LessThan(1000), "hasMore never became false");
        }
        while (more);
        return received;
    }

    void Apply(JsonNode item)
    {
        var id = (long)item["id"]!;
        if ((bool)item["deleted"]!)
        {
            Assert.That(item["article"], Is.Null, $"the tombstone of {id} carries an article");
            Articles.Remove(id);
            return;
        }
        Assert.That((long?)item["article"]?["id"], Is.EqualTo(id), $"item {id} has no article of that id");
        Articles[id] = item["article"]!.DeepClone();
    }
}

internal static class SyncHttp
{
    public static async Task EnsureSuccessStatusCodeAsync(this HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.IsSuccessStatusCode, Is.True, $"{(int)res.StatusCode}: {text}");
    }
}
