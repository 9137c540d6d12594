using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Auth;

/// <summary>A key limited to some stations works there and nowhere else, and sees no drafts of other stations.</summary>
public sealed class StationScopeTests : ApiFixture
{
    const string Body = "<p>松原市宁江区开展安全生产大检查。</p>";

    public static IEnumerable<TestCaseData> ChangesInAnotherStation() =>
        new[] { "replace", "patch", "trash", "publish", "unpublish", "archive", "restore_from_the_trash", "restore_a_revision", "delete_for_good" }
            .Select(change => new TestCaseData(change).SetName($"A_key_limited_to_one_station_may_not_{change}_an_article_of_another_station"));

    [Test]
    public async Task A_key_limited_to_a_station_may_create_articles_there()
    {
        var (home, _, client) = await ScopedKeyAsync("author");

        var res = await client.PostJsonAsync(ArticleApi.Path, NewArticle(home));

        var created = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((long?)created["station"]!["id"], Is.EqualTo(home.StationId));
    }

    [TestCase("contributor")]
    [TestCase("editor")]
    [TestCase("admin")]
    public async Task A_key_limited_to_a_station_may_not_create_articles_in_another_station(string role)
    {
        var (_, elsewhere, client) = await ScopedKeyAsync(role);

        var res = await client.PostJsonAsync(ArticleApi.Path, NewArticle(elsewhere));

        var problem = await res.ExpectForbiddenAsync();
        Assert.That((string?)problem["detail"], Does.Contain($"station {elsewhere.StationId}"));
        Assert.That(await Admin.CountInSectionAsync(elsewhere), Is.Zero);
    }

    [TestCaseSource(nameof(ChangesInAnotherStation))]
    public async Task A_key_limited_to_a_station_may_not_change_articles_of_another_station(string change)
    {
        var (_, elsewhere, client) = await ScopedKeyAsync("admin");
        var url = await ArticleInAsync(elsewhere, published: change is "unpublish" or "archive", trashed: change == "restore_from_the_trash");
        var before = await Admin.SnapshotAsync(url);

        var res = await ChangeAsync(client, change, url, elsewhere);

        await res.ExpectForbiddenAsync();
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    [Test]
    public async Task A_key_limited_to_a_station_may_not_change_its_own_article_in_another_station()
    {
        var home = await Given.SectionAsync();
        var elsewhere = await Given.SectionAsync();
        var author = await Given.AuthorAsync("李雪");
        var key = await Admin.KeyAsync("contributor", authorId: author.Id(), stationIds: [home.StationId]);
        using var client = ClientWithKey(key.Secret);
        var own = await Given.ArticleAsync(status: "draft", section: elsewhere, bylines: [new { authorId = author.Id(), role = "correspondent" }]);
        var url = ApiRoutes.For(GetArticleRequest.Route, own.Id());
        var before = await Admin.SnapshotAsync(url);

        var res = await client.MergePatchAsync(url, new { title = "不应保存的标题" });

        await res.ExpectForbiddenAsync();
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    [TestCase("replace")]
    [TestCase("patch")]
    [TestCase("publish")]
    [TestCase("trash")]
    public async Task A_key_limited_to_a_station_may_change_articles_of_its_station(string change)
    {
        var (home, _, client) = await ScopedKeyAsync("editor");
        var url = await ArticleInAsync(home, published: false, trashed: false);

        var res = await ChangeAsync(client, change, url, home);

        Assert.That((int)res.StatusCode, Is.EqualTo(change == "trash" ? 204 : 200), await res.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_key_limited_to_a_station_may_not_move_an_article_out_to_another_station()
    {
        var (home, elsewhere, client) = await ScopedKeyAsync("editor");
        var url = await ArticleInAsync(home, published: false, trashed: false);
        var before = await Admin.SnapshotAsync(url);

        var put = await client.PutJsonAsync(url, NewArticle(elsewhere));
        var patch = await client.MergePatchAsync(url, new { stationId = elsewhere.StationId, channelId = elsewhere.ChannelId });

        await put.ExpectForbiddenAsync();
        await patch.ExpectForbiddenAsync();
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    [Test]
    public async Task A_key_limited_to_a_station_may_not_move_an_article_in_from_another_station()
    {
        var (home, elsewhere, client) = await ScopedKeyAsync("editor");
        var url = await ArticleInAsync(elsewhere, published: false, trashed: false);
        var before = await Admin.SnapshotAsync(url);

        var res = await client.PutJsonAsync(url, NewArticle(home));

        await res.ExpectForbiddenAsync();
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    [Test]
    public async Task A_key_limited_to_a_station_lists_drafts_of_its_station_only_and_published_articles_of_all()
    {
        var (home, elsewhere, client) = await ScopedKeyAsync("editor");
        var tag = Given.UniqueSlug("安全生产");
        var homeDraft = await Given.ArticleAsync(title: "本站草稿", status: "draft", section: home, tags: [tag]);
        var homePublished = await Given.ArticleAsync(title: "本站已发布", section: home, tags: [tag]);
        var otherDraft = await Given.ArticleAsync(title: "外站草稿", status: "draft", section: elsewhere, tags: [tag]);
        var otherPublished = await Given.ArticleAsync(title: "外站已发布", section: elsewhere, tags: [tag]);

        var scoped = await client.ItemsAsync($"tag={Uri.EscapeDataString(tag)}");
        var scopedElsewhere = await client.ItemsAsync($"tag={Uri.EscapeDataString(tag)}&station={elsewhere.StationId}");
        var everywhere = await Admin.ItemsAsync($"tag={Uri.EscapeDataString(tag)}");
        var publicList = await Anonymous.ItemsAsync($"tag={Uri.EscapeDataString(tag)}");

        Assert.That(scoped.Ids(), Is.EquivalentTo(new[] { homeDraft.Id(), homePublished.Id(), otherPublished.Id() }));
        Assert.That(scopedElsewhere.Ids(), Is.EqualTo(new[] { otherPublished.Id() }));
        Assert.That(everywhere.Ids(), Is.EquivalentTo(new[] { homeDraft.Id(), homePublished.Id(), otherDraft.Id(), otherPublished.Id() }));
        Assert.That(publicList.Ids(), Is.EquivalentTo(new[] { homePublished.Id(), otherPublished.Id() }));
    }

    [Test]
    public async Task A_key_limited_to_a_station_does_not_find_drafts_of_another_station_by_searching()
    {
        var (home, elsewhere, client) = await ScopedKeyAsync("editor");
        var word = "zq" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).ToArray());
        var homeDraft = await Given.ArticleAsync(title: $"本站草稿 {word}", status: "draft", section: home);
        var otherDraft = await Given.ArticleAsync(title: $"外站草稿 {word}", status: "draft", section: elsewhere);

        var scoped = await client.ItemsAsync($"q={word}");
        var everywhere = await Admin.ItemsAsync($"q={word}");

        Assert.That(scoped.Ids(), Is.EqualTo(new[] { homeDraft.Id() }));
        Assert.That(everywhere.Ids(), Is.EquivalentTo(new[] { homeDraft.Id(), otherDraft.Id() }));
    }

    [Test]
    public async Task A_key_limited_to_a_station_gets_403_for_a_draft_of_another_station_and_reads_the_rest()
    {
        var (home, elsewhere, client) = await ScopedKeyAsync("editor");
        var otherDraft = await Given.ArticleAsync(status: "draft", section: elsewhere);
        var otherPublished = await Given.ArticleAsync(section: elsewhere);
        var homeDraft = await Given.ArticleAsync(status: "draft", section: home);

        var otherDraftRead = await client.GetAsync(ApiRoutes.For(GetArticleRequest.Route, otherDraft.Id()));
        var otherPublishedRead = await client.GetAsync(ApiRoutes.For(GetArticleRequest.Route, otherPublished.Id()));
        var homeDraftRead = await client.GetAsync(ApiRoutes.For(GetArticleRequest.Route, homeDraft.Id()));

        var problem = await otherDraftRead.ExpectForbiddenAsync();
        Assert.That(await otherDraftRead.Content.ReadAsStringAsync(), Does.Not.Contain((string)otherDraft["title"]!));
        Assert.That((string?)problem["detail"], Does.Contain($"station {elsewhere.StationId}"));
        await otherPublishedRead.ExpectJsonAsync(HttpStatusCode.OK);
        await homeDraftRead.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_key_limited_to_a_station_gets_403_for_a_scheduled_article_of_another_station_as_for_a_draft()
    {
        var (_, elsewhere, client) = await ScopedKeyAsync("editor");
        var scheduled = await Given.ArticleAsync(title: "定时发布的外站稿件", section: elsewhere, publishedAt: DateTimeOffset.UtcNow.AddDays(1));

        var listed = await client.ItemsAsync($"station={elsewhere.StationId}");
        var read = await client.GetAsync(ApiRoutes.For(GetArticleRequest.Route, scheduled.Id()));

        Assert.That(listed.Ids(), Does.Not.Contain(scheduled.Id()), "the list already keeps it out");
        await read.ExpectForbiddenAsync();
        Assert.That(await read.Content.ReadAsStringAsync(), Does.Not.Contain("定时发布的外站稿件"));
    }

    [Test]
    public async Task A_key_limited_to_a_station_may_not_restore_a_revision_that_puts_the_article_back_in_another_station()
    {
        var (home, elsewhere, client) = await ScopedKeyAsync("editor");
        var article = await Given.ArticleAsync(status: "draft", section: elsewhere);
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
        await (await Admin.MergePatchAsync(url, new { stationId = home.StationId, channelId = home.ChannelId })).ExpectJsonAsync(HttpStatusCode.OK);
        var before = await Admin.SnapshotAsync(url);

        var res = await client.PostAsync($"{url}/revisions/1/restore", null);

        await res.ExpectForbiddenAsync();
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    [Test]
    public async Task A_key_limited_to_a_station_may_not_read_the_revisions_of_an_article_of_another_station()
    {
        var (_, elsewhere, client) = await ScopedKeyAsync("editor");
        var url = await ArticleInAsync(elsewhere, published: false, trashed: false);

        var list = await client.GetAsync($"{url}/revisions");
        var one = await client.GetAsync($"{url}/revisions/1");

        await list.ExpectForbiddenAsync();
        await one.ExpectForbiddenAsync();
    }

    [Test]
    public async Task A_key_limited_to_a_station_sees_only_its_stations_trash()
    {
        var (home, elsewhere, client) = await ScopedKeyAsync("editor");
        var homeUrl = await ArticleInAsync(home, published: false, trashed: true);
        var otherUrl = await ArticleInAsync(elsewhere, published: false, trashed: true);

        var trash = await client.AllPagesAsync(ApiRoutes.For(ListTrashRequest.Route), limit: 100);

        var urls = trash.Select(a => $"{ArticleApi.Path}/{a["id"]}").ToList();
        Assert.That(urls, Does.Contain(homeUrl));
        Assert.That(urls, Does.Not.Contain(otherUrl));
    }

    [Test]
    public async Task A_key_limited_to_several_stations_works_in_each_of_them()
    {
        var first = await Given.SectionAsync();
        var second = await Given.SectionAsync();
        var key = await Admin.KeyAsync("editor", stationIds: [first.StationId, second.StationId]);
        using var client = ClientWithKey(key.Secret);

        var inFirst = await client.PostJsonAsync(ArticleApi.Path, NewArticle(first));
        var inSecond = await client.PostJsonAsync(ArticleApi.Path, NewArticle(second));

        await inFirst.ExpectJsonAsync(HttpStatusCode.Created);
        await inSecond.ExpectJsonAsync(HttpStatusCode.Created);
    }

    public static IEnumerable<TestCaseData> StationWritesElsewhere() =>
        new[] { "replace_another_station", "patch_another_station", "delete_another_station", "create_a_channel_in_another_station",
                "patch_a_channel_of_another_station", "delete_a_channel_of_another_station" }
            .Select(write => new TestCaseData(write).SetName($"An_admin_key_limited_to_one_station_may_not_{write}"));

    [TestCaseSource(nameof(StationWritesElsewhere))]
    public async Task An_admin_key_limited_to_a_station_may_not_change_another_station_or_its_channels(string write)
    {
        var (_, elsewhere, client) = await ScopedKeyAsync("admin");
        var empty = await Given.StationAsync();
        var stationUrl = ApiRoutes.For(GetStationRequest.Route, (write == "delete_another_station" ? empty["id"] : elsewhere.StationId)!);
        var channelUrl = ApiRoutes.For(GetChannelRequest.Route, elsewhere.ChannelId);
        var before = (await Admin.SnapshotAsync(stationUrl), await Admin.SnapshotAsync(channelUrl));

        var res = write switch
        {
            "replace_another_station" => await client.PutJsonAsync(stationUrl, new { slug = Given.UniqueSlug("baicheng"), name = "白城站" }),
            "patch_another_station" => await client.MergePatchAsync(stationUrl, new { name = "白城站" }),
            "delete_another_station" => await client.DeleteAsync(stationUrl),
            "create_a_channel_in_another_station" => await client.PostJsonAsync($"{stationUrl}/channels", new { slug = Given.UniqueSlug("shizheng"), name = "时政" }),
            "patch_a_channel_of_another_station" => await client.MergePatchAsync(channelUrl, new { name = "时政" }),
            _ => await client.DeleteAsync(channelUrl),
        };

        await res.ExpectForbiddenAsync();
        Assert.That((await Admin.SnapshotAsync(stationUrl), await Admin.SnapshotAsync(channelUrl)), Is.EqualTo(before));
    }

    [Test]
    public async Task An_admin_key_limited_to_a_station_may_change_its_own_station()
    {
        var (home, _, client) = await ScopedKeyAsync("admin");

        var res = await client.MergePatchAsync(ApiRoutes.For(PatchStationEndpoint.Route, home.StationId), new { name = "松原站(新)" });

        Assert.That((string?)(await res.ExpectJsonAsync(HttpStatusCode.OK))["name"], Is.EqualTo("松原站(新)"));
    }

    [TestCase(false, TestName = "An_admin_key_limited_to_one_station_may_not_create_a_key_for_every_station")]
    [TestCase(true, TestName = "An_admin_key_limited_to_one_station_may_not_create_a_key_for_another_station")]
    public async Task A_key_limited_to_a_station_cannot_make_a_key_that_reaches_further(bool namingAnotherStation)
    {
        var (_, elsewhere, client) = await ScopedKeyAsync("admin");
        var name = Given.UniqueSlug("key");

        var res = await client.PostJsonAsync(AccessApi.KeysPath, new
        {
            name, role = "admin", stationIds = namingAnotherStation ? new[] { elsewhere.StationId } : null,
        });

        await res.ExpectForbiddenAsync();
        var names = (await Admin.AllPagesAsync(AccessApi.KeysPath, limit: 100)).Select(k => (string?)k["name"]);
        Assert.That(names, Does.Not.Contain(name));
    }

    /// <summary>A key of this role limited to a new station of its own ("home"), and another station ("elsewhere").</summary>
    async Task<((long StationId, long ChannelId) Home, (long StationId, long ChannelId) Elsewhere, HttpClient Client)> ScopedKeyAsync(string role)
    {
        var home = await Given.SectionAsync();
        var elsewhere = await Given.SectionAsync();
        var key = await Admin.KeyAsync(role, stationIds: [home.StationId]);
        return (home, elsewhere, ClientWithKey(key.Secret));
    }

    /// <summary>An article with two revisions, so that one can be restored.</summary>
    async Task<string> ArticleInAsync((long StationId, long ChannelId) section, bool published, bool trashed)
    {
        var article = await Given.ArticleAsync(status: published ? "published" : "draft", section: section);
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
        await (await Admin.MergePatchAsync(url, new { summary = "第二版" })).ExpectJsonAsync(HttpStatusCode.OK);
        if (trashed)
        {
            var res = await Admin.DeleteAsync(url);
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await res.Content.ReadAsStringAsync());
        }
        return url;
    }

    static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string change, string url, (long StationId, long ChannelId) section) => change switch
    {
        "replace" => client.PutJsonAsync(url, NewArticle(section)),
        "patch" => client.MergePatchAsync(url, new { title = "修改后的标题" }),
        "trash" => client.DeleteAsync(url),
        "publish" => client.PostJsonAsync($"{url}/publish", new { }),
        "unpublish" => client.PostAsync($"{url}/unpublish", null),
        "archive" => client.PostAsync($"{url}/archive", null),
        "restore_from_the_trash" => client.PostAsync($"{url}/restore", null),
        "restore_a_revision" => client.PostAsync($"{url}/revisions/1/restore", null),
        "delete_for_good" => client.DeleteAsync($"{url}?permanent=true"),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };

    static object NewArticle((long StationId, long ChannelId) section) =>
        new { title = "宁江区开展安全生产大检查", bodyHtml = Body, stationId = section.StationId, channelId = section.ChannelId };
}
