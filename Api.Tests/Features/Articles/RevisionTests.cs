using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>Every change to an article stores a revision (who, when, how, and the full content), and an earlier
/// revision's content can be made current again.</summary>
public sealed class RevisionTests : ApiFixture
{
    [Test]
    public async Task Every_change_adds_a_revision_naming_its_action_newest_first()
    {
        var (editor, _, _) = await EditorAsync();
        var id = await EveryKindOfChangeAsync(editor);

        var page = await (await editor.GetAsync($"{ApiRoutes.For(ListRevisionsRequest.Route, id)}?limit=100")).ExpectJsonAsync(HttpStatusCode.OK);

        var revisions = page["items"]!.AsArray().Select(r => r!).ToList();
        Assert.That(revisions.Select(r => (long)r["number"]!), Is.EqualTo(new long[] { 8, 7, 6, 5, 4, 3, 2, 1 }));
        Assert.That(revisions.Select(r => (string?)r["action"]),
            Is.EqualTo(new[] { "restore", "trash", "archive", "unpublish", "publish", "update", "update", "create" }));
        Assert.That(page["nextCursor"], Is.Null);
    }

    [Test]
    public async Task A_revision_records_the_time_and_the_key_and_author_that_made_the_change()
    {
        var (editor, keyId, authorId) = await EditorAsync("编辑 王芳");
        var before = ArticleApi.ToMilliseconds(DateTime.UtcNow);
        var id = await EveryKindOfChangeAsync(editor);
        var after = DateTime.UtcNow;

        var page = await (await editor.GetAsync($"{ApiRoutes.For(ListRevisionsRequest.Route, id)}?limit=100")).ExpectJsonAsync(HttpStatusCode.OK);

        foreach (var revision in page["items"]!.AsArray().Select(r => r!))
        {
            Assert.That((string?)revision["keyName"], Is.EqualTo("编辑 王芳"));
            Assert.That((long?)revision["keyId"], Is.EqualTo(keyId));
            Assert.That((long?)revision["authorId"], Is.EqualTo(authorId));
            Assert.That((DateTime)revision["createdAt"]!, Is.InRange(before, after));
        }
        var times = page["items"]!.AsArray().Select(r => (DateTime)r!["createdAt"]!).ToList();
        Assert.That(times, Is.Ordered.Descending);
    }

    [Test]
    public async Task Each_revision_holds_the_full_content_and_state_of_its_time()
    {
        var (editor, _, _) = await EditorAsync();
        var id = await EveryKindOfChangeAsync(editor);

        var contents = new List<JsonNode>();
        for (var n = 1; n <= 8; n++)
        {
            var revision = await (await editor.GetAsync(ApiRoutes.For(GetRevisionEndpoint.Route, id, n))).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.That((long)revision["revision"]!["number"]!, Is.EqualTo(n));
            contents.Add(revision["content"]!);
        }

        Assert.That(contents.Select(c => (string?)c["title"]), Is.EqualTo(new[] { "初稿", "二稿", "三稿", "三稿", "三稿", "三稿", "三稿", "三稿" }));
        Assert.That(contents.Select(c => (string?)c["status"]),
            Is.EqualTo(new[] { "draft", "draft", "draft", "published", "draft", "archived", "trashed", "archived" }));
        Assert.That((string?)contents[0]["bodyHtml"], Is.EqualTo("<p>初稿正文</p>"));
        Assert.That((string?)contents[0]["subtitle"], Is.EqualTo("初稿副标题"));
        Assert.That(contents[0]["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "共青团", "长岭县" }));
        Assert.That(contents[0]["bylines"]!.AsArray().Select(b => (string?)b!["role"]), Is.EqualTo(new[] { "reporter" }));
        Assert.That((string?)contents[1]["bodyHtml"], Is.EqualTo("<p>二稿正文</p>"));
        Assert.That(contents[1]["subtitle"], Is.Null, "the replace left the subtitle out");
        Assert.That(contents[1]["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "团干部" }));
        Assert.That((string?)contents[2]["bodyHtml"], Is.EqualTo("<p>二稿正文</p>"), "the patch changed only the title");
        Assert.That(contents[3]["publishedAt"], Is.Not.Null);
        Assert.That((long?)contents[0]["stationId"], Is.Not.Null.And.Positive);
        Assert.That((long?)contents[0]["channelId"], Is.Not.Null.And.Positive);
    }

    [Test]
    public async Task An_earlier_revision_still_shows_the_content_of_its_time_after_later_changes()
    {
        var (section, article) = await ArticleAsync("松原市举办青年创业分享会");
        await (await Admin.PutJsonAsync(article.Url(), ArticleApi.Body(section, "松原市青年创业分享会圆满结束"))).ExpectJsonAsync(HttpStatusCode.OK);

        var first = await (await Admin.GetAsync($"{article.Url()}/revisions/1")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That((string?)first["revision"]!["action"], Is.EqualTo("create"));
        Assert.That((string?)first["content"]!["title"], Is.EqualTo("松原市举办青年创业分享会"));
    }

    [Test]
    public async Task Revisions_are_paged_newest_first_with_each_revision_once()
    {
        var (_, article) = await ArticleAsync("长岭县团委开展志愿服务");
        for (var i = 1; i <= 6; i++)
        {
            await (await Admin.MergePatchAsync(article.Url(), new { summary = $"第{i}次修改" })).ExpectJsonAsync(HttpStatusCode.OK);
        }

        var all = await Admin.AllPagesAsync($"{article.Url()}/revisions", limit: 3);

        Assert.That(all.Select(r => (long)r["number"]!), Is.EqualTo(new long[] { 7, 6, 5, 4, 3, 2, 1 }));
    }

    [Test]
    public async Task Restoring_a_revision_brings_back_its_title_body_bylines_and_tags()
    {
        var section = await Given.SectionAsync();
        var li = await Given.AuthorAsync("李雪");
        var mu = await Given.AuthorAsync("穆汶姝");
        var original = ArticleApi.Body(section, "前郭县举办冰雪节");
        original["subtitle"] = "查干湖冬捕同步开幕";
        original["bodyHtml"] = "<p>冰雪节今日开幕。</p>";
        original["bylines"] = new object[] { new { authorId = li.Id(), role = "reporter" } };
        original["tags"] = new[] { "冰雪节", "前郭县" };
        var article = await (await Admin.PostJsonAsync(ArticleApi.Path, original)).ExpectJsonAsync(HttpStatusCode.Created);
        var replacement = ArticleApi.Body(section, "前郭县冰雪节闭幕");
        replacement["bodyHtml"] = "<p>冰雪节今日闭幕。</p>";
        replacement["bylines"] = new object[] { new { authorId = mu.Id(), role = "photographer" } };
        replacement["tags"] = new[] { "闭幕" };
        await (await Admin.PutJsonAsync(article.Url(), replacement)).ExpectJsonAsync(HttpStatusCode.OK);

        var res = await Admin.PostEmptyAsync($"{article.Url()}/revisions/1/restore");

        var restored = await res.ExpectJsonAsync(HttpStatusCode.OK);
        var read = await (await Anonymous.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var current in new[] { restored, read })
        {
            Assert.That((string?)current["title"], Is.EqualTo("前郭县举办冰雪节"));
            Assert.That((string?)current["subtitle"], Is.EqualTo("查干湖冬捕同步开幕"));
            Assert.That((string?)current["bodyHtml"], Is.EqualTo("<p>冰雪节今日开幕。</p>"));
            Assert.That(current["bylines"]!.AsArray().Select(b => ((long)b!["author"]!["id"]!, (string?)b["role"])),
                Is.EqualTo(new[] { (li.Id(), "reporter") }));
            Assert.That(current["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "冰雪节", "前郭县" }));
        }
    }

    [Test]
    public async Task Restoring_a_revision_is_itself_a_new_revision()
    {
        var (section, article) = await ArticleAsync("乾安县召开团代会");
        await (await Admin.PutJsonAsync(article.Url(), ArticleApi.Body(section, "乾安县团代会闭幕"))).ExpectJsonAsync(HttpStatusCode.OK);

        await (await Admin.PostEmptyAsync($"{article.Url()}/revisions/1/restore")).ExpectJsonAsync(HttpStatusCode.OK);

        var page = await (await Admin.GetAsync($"{article.Url()}/revisions")).ExpectJsonAsync(HttpStatusCode.OK);
        var newest = page["items"]![0]!;
        Assert.That((long)newest["number"]!, Is.EqualTo(3));
        Assert.That((string?)newest["action"], Is.EqualTo("restore-revision-1"));
        Assert.That((string?)newest["keyName"], Is.EqualTo("bootstrap admin"));
        var third = await (await Admin.GetAsync($"{article.Url()}/revisions/3")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)third["content"]!["title"], Is.EqualTo("乾安县召开团代会"));
        var second = await (await Admin.GetAsync($"{article.Url()}/revisions/2")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)second["content"]!["title"], Is.EqualTo("乾安县团代会闭幕"), "the revision restored over is kept");
    }

    [Test]
    public async Task Restoring_a_published_revision_of_a_draft_keeps_it_a_draft()
    {
        var (_, article) = await ArticleAsync("扶余市团委走访困难青年");
        await (await Admin.PostEmptyAsync($"{article.Url()}/unpublish")).ExpectJsonAsync(HttpStatusCode.OK);
        await (await Admin.MergePatchAsync(article.Url(), new { title = "扶余市团委走访困难青年(草稿)" })).ExpectJsonAsync(HttpStatusCode.OK);

        var res = await Admin.PostEmptyAsync($"{article.Url()}/revisions/1/restore");

        var restored = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)restored["title"], Is.EqualTo("扶余市团委走访困难青年"));
        Assert.That(restored.Status(), Is.EqualTo("draft"), "publishing stays a separate decision");
        await (await Anonymous.GetAsync(article.Url())).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Restoring_a_revision_keeps_the_current_publish_time()
    {
        var (_, article) = await ArticleAsync("宁江区开展青年理论学习");
        var republished = await (await Admin.PostJsonAsync($"{article.Url()}/publish", new { publishAt = "2024-01-05T08:00:00+08:00" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        var res = await Admin.PostEmptyAsync($"{article.Url()}/revisions/1/restore");

        var restored = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)republished["publishedAt"], Is.Not.EqualTo((string?)article["publishedAt"]));
        Assert.That((string?)restored["publishedAt"], Is.EqualTo((string?)republished["publishedAt"]));
        Assert.That(restored.Status(), Is.EqualTo("published"));
    }

    [Test]
    public async Task A_revision_that_does_not_exist_is_404_to_read_and_to_restore()
    {
        var (_, article) = await ArticleAsync("查干湖冬捕开始");

        var read = await Admin.GetAsync($"{article.Url()}/revisions/2");
        var restore = await Admin.PostEmptyAsync($"{article.Url()}/revisions/2/restore");
        var zero = await Admin.GetAsync($"{article.Url()}/revisions/0");

        foreach (var res in new[] { read, restore, zero })
        {
            await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        }
        var revisions = await (await Admin.GetAsync($"{article.Url()}/revisions")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(revisions["items"]!.AsArray(), Has.Count.EqualTo(1), "a failed restore adds no revision");
    }

    [Test]
    public async Task The_revisions_of_a_missing_article_are_404()
    {
        var res = await Admin.GetAsync($"{ArticleApi.Path}/987654321/revisions");

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Restoring_a_revision_with_a_stale_If_Match_is_412_and_changes_nothing()
    {
        var (section, article) = await ArticleAsync("长岭县团委召开全委会");
        var (_, stale) = await Admin.ReadAsync(article.Url());
        await (await Admin.PutJsonAsync(article.Url(), ArticleApi.Body(section, "长岭县团委召开十五届全委会"))).ExpectJsonAsync(HttpStatusCode.OK);

        var res = await Admin.PostEmptyAsync($"{article.Url()}/revisions/1/restore", ifMatch: stale);

        await res.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await (await Admin.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)current["title"], Is.EqualTo("长岭县团委召开十五届全委会"));
    }

    [Test]
    public async Task A_revision_of_a_trashed_article_cannot_be_restored_until_the_article_is()
    {
        var (section, article) = await ArticleAsync("长岭县开展植树活动");
        await (await Admin.PutJsonAsync(article.Url(), ArticleApi.Body(section, "长岭县植树活动纪实"))).ExpectJsonAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync(article.Url())).ExpectNoContentAsync();

        var res = await Admin.PostEmptyAsync($"{article.Url()}/revisions/1/restore");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("trash"));
        var current = await (await Admin.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)current["title"], Is.EqualTo("长岭县植树活动纪实"));
        Assert.That(current.Status(), Is.EqualTo("trashed"));
    }

    [Test]
    public async Task An_author_cannot_read_the_revisions_of_an_article_that_is_not_its_own()
    {
        var (_, article) = await ArticleAsync("松原市召开青年工作会议");
        var (_, secret) = await Admin.KeyAsync("author", authorId: (await Given.AuthorAsync("穆汶姝")).Id());
        using var author = ClientWithKey(secret);

        var list = await author.GetAsync($"{article.Url()}/revisions");
        var one = await author.GetAsync($"{article.Url()}/revisions/1");

        await list.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await one.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    async Task<((long StationId, long ChannelId) Section, JsonNode Article)> ArticleAsync(string title)
    {
        var section = await Given.SectionAsync();
        var article = await Given.ArticleAsync(title: title, section: section);
        return (section, article);
    }

    /// <summary>An editor key that acts as an author, and a client with it.</summary>
    async Task<(HttpClient Client, long KeyId, long AuthorId)> EditorAsync(string? name = null)
    {
        var author = await Given.AuthorAsync("王芳");
        var (client, key) = await NewKeyClientAsync("editor", authorId: author.Id(), name: name);
        return (client, key.Id, author.Id());
    }

    /// <summary>create, replace, patch, publish, unpublish, archive, trash and restore, in that order, with this key.</summary>
    async Task<long> EveryKindOfChangeAsync(HttpClient editor)
    {
        var section = await Given.SectionAsync();
        var reporter = await Given.AuthorAsync("李雪");
        var body = ArticleApi.Body(section, "初稿");
        body["status"] = "draft";
        body["publishedAt"] = null;
        body["bodyHtml"] = "<p>初稿正文</p>";
        body["subtitle"] = "初稿副标题";
        body["tags"] = new[] { "共青团", "长岭县" };
        body["bylines"] = new object[] { new { authorId = reporter.Id(), role = "reporter" } };
        var id = (await (await editor.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        var url = ApiRoutes.For(GetArticleRequest.Route, id);
        var replacement = ArticleApi.Body(section, "二稿");
        replacement.Remove("status");
        replacement.Remove("publishedAt");
        replacement["bodyHtml"] = "<p>二稿正文</p>";
        replacement["tags"] = new[] { "团干部" };
        await (await editor.PutJsonAsync(url, replacement)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await editor.MergePatchAsync(url, new { title = "三稿" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await editor.PostJsonAsync($"{url}/publish", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await editor.PostEmptyAsync($"{url}/unpublish")).ExpectJsonAsync(HttpStatusCode.OK);
        await (await editor.PostEmptyAsync($"{url}/archive")).ExpectJsonAsync(HttpStatusCode.OK);
        await (await editor.DeleteAsync(url)).ExpectNoContentAsync();
        await (await editor.PostEmptyAsync($"{url}/restore")).ExpectJsonAsync(HttpStatusCode.OK);
        return id;
    }
}
