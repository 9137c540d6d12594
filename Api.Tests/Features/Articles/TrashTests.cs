using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Features.Sync;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>DELETE moves an article to the trash: out of every public view, listed for editors, restorable as it was;
/// only an admin removes it for good, with its revisions.</summary>
public sealed class TrashTests : ApiFixture
{
    protected override bool MovesClock => true;


    [Test]
    public async Task Deleting_an_article_takes_it_out_of_every_public_view_and_syncs_a_tombstone()
    {
        var (article, section, word) = await PublishedAsync();
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();
        Assert.That(app.Articles.Keys, Does.Contain(article.Id()));

        var res = await Admin.DeleteAsync(article.Url());

        await res.ExpectNoContentAsync();
        Assert.That(await Anonymous.PublicViewsShowingAsync(article.Id(), section.StationId, word), Is.Empty);
        var synced = await app.SyncAsync();
        Assert.That(synced.Where(i => i.Id() == article.Id()).Select(i => (bool)i["deleted"]!), Is.EqualTo(new[] { true }));
        Assert.That(app.Articles.Keys, Does.Not.Contain(article.Id()));
    }

    [Test]
    public async Task A_trashed_article_is_left_out_of_the_lists_editors_see_too()
    {
        var (article, section, word) = await PublishedAsync();

        await (await Admin.DeleteAsync(article.Url())).ExpectNoContentAsync();

        Assert.That((await Admin.ItemsAsync($"station={section.StationId}")).Ids(), Does.Not.Contain(article.Id()));
        Assert.That((await Admin.ItemsAsync($"q={word}&station={section.StationId}")).Ids(), Does.Not.Contain(article.Id()));
    }

    [Test]
    public async Task The_trash_lists_trashed_articles_for_editors_most_recently_trashed_first()
    {
        var (first, _, _) = await PublishedAsync();
        var (second, _, _) = await Given.DraftAsync();
        var (kept, _, _) = await PublishedAsync();
        var editor = await ClientAsync("editor");
        await (await Admin.DeleteAsync(first.Url())).ExpectNoContentAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));
        await (await Admin.DeleteAsync(second.Url())).ExpectNoContentAsync();

        var trash = await editor.AllPagesAsync(ApiRoutes.For(ListTrashRequest.Route), limit: 100);

        var ids = trash.Select(a => a.Id()).ToList();
        Assert.That(ids, Does.Contain(first.Id()).And.Contain(second.Id()));
        Assert.That(ids, Does.Not.Contain(kept.Id()));
        Assert.That(ids.IndexOf(second.Id()), Is.LessThan(ids.IndexOf(first.Id())));
        var listed = trash.Single(a => a.Id() == first.Id());
        Assert.That((string?)listed["title"], Is.EqualTo((string?)first["title"]));
        Assert.That(listed.Status(), Is.EqualTo("trashed"));
    }

    [Test]
    public async Task The_trash_is_paged_with_each_trashed_article_once()
    {
        var trashed = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var (article, _, _) = await Given.DraftAsync();
            await (await Admin.DeleteAsync(article.Url())).ExpectNoContentAsync();
            trashed.Add(article.Id());
        }

        var all = await Admin.AllPagesAsync(ApiRoutes.For(ListTrashRequest.Route), limit: 2);

        var ids = all.Select(a => a.Id()).ToList();
        Assert.That(ids, Is.Unique);
        Assert.That(ids, Is.SupersetOf(trashed));
    }

    [TestCase("contributor")]
    [TestCase("author")]
    public async Task Contributors_and_authors_may_not_see_the_trash(string role)
    {
        var client = await ClientAsync(role);

        var res = await client.GetAsync(ApiRoutes.For(ListTrashRequest.Route));

        await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task The_public_may_not_see_the_trash()
    {
        var res = await Anonymous.GetAsync(ApiRoutes.For(ListTrashRequest.Route));

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task An_editor_limited_to_some_stations_sees_only_their_trash()
    {
        var (mine, mySection, _) = await Given.DraftAsync();
        var (other, _, _) = await Given.DraftAsync();
        var editor = await ClientAsync("editor", stationIds: [mySection.StationId]);
        await (await Admin.DeleteAsync(mine.Url())).ExpectNoContentAsync();
        await (await Admin.DeleteAsync(other.Url())).ExpectNoContentAsync();

        var trash = await editor.AllPagesAsync(ApiRoutes.For(ListTrashRequest.Route), limit: 100);

        Assert.That(trash.Select(a => a.Id()), Does.Contain(mine.Id()).And.Not.Contain(other.Id()));
    }

    [Test]
    public async Task Restoring_brings_a_published_article_back_exactly_as_it_was_and_public_again()
    {
        var (article, section, word) = await PublishedAsync(full: true);
        var before = await (await Admin.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync(article.Url())).ExpectNoContentAsync();
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();

        var res = await Admin.PostEmptyAsync($"{article.Url()}/restore");

        var restored = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(Content(restored), Is.EqualTo(Content(before)));
        Assert.That(restored.Status(), Is.EqualTo("published"));
        Assert.That(await Anonymous.PublicViewsShowingAsync(article.Id(), section.StationId, word), Is.EquivalentTo(WorkflowApi.AllPublicViews));
        var page = await (await Anonymous.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(Content(page), Is.EqualTo(Content(before)));
        await app.SyncAsync();
        Assert.That(app.Articles.Keys, Does.Contain(article.Id()));
        var trash = await Admin.AllPagesAsync(ApiRoutes.For(ListTrashRequest.Route), limit: 100);
        Assert.That(trash.Select(a => a.Id()), Does.Not.Contain(article.Id()));
    }

    [TestCase("draft")]
    [TestCase("archived")]
    [TestCase("scheduled")]
    public async Task Restoring_brings_an_article_back_in_the_state_it_was_trashed_from(string state)
    {
        var (article, section, word) = await Given.DraftAsync();
        if (state == "archived") { await (await Admin.PostEmptyAsync($"{article.Url()}/archive")).ExpectJsonAsync(HttpStatusCode.OK); }
        if (state == "scheduled")
        {
            await (await Admin.PostJsonAsync($"{article.Url()}/publish", new { publishAt = Clock.GetUtcNow().AddDays(1) })).ExpectJsonAsync(HttpStatusCode.OK);
        }
        var before = await (await Admin.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync(article.Url())).ExpectNoContentAsync();

        var res = await Admin.PostEmptyAsync($"{article.Url()}/restore");

        var restored = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(restored.Status(), Is.EqualTo(state));
        Assert.That(Content(restored), Is.EqualTo(Content(before)));
        Assert.That(await Anonymous.PublicViewsShowingAsync(article.Id(), section.StationId, word), Is.Empty);
    }

    [Test]
    public async Task A_scheduled_article_whose_time_came_while_it_was_in_the_trash_is_public_once_restored()
    {
        var (article, section, word) = await Given.DraftAsync();
        await (await Admin.PostJsonAsync($"{article.Url()}/publish", new { publishAt = Clock.GetUtcNow().AddHours(1) })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync(article.Url())).ExpectNoContentAsync();
        Clock.Advance(TimeSpan.FromHours(2));
        var whileTrashed = await Anonymous.PublicViewsShowingAsync(article.Id(), section.StationId, word);

        var res = await Admin.PostEmptyAsync($"{article.Url()}/restore");

        Assert.That(whileTrashed, Is.Empty, "its time came while it was in the trash");
        Assert.That((await res.ExpectJsonAsync(HttpStatusCode.OK)).Status(), Is.EqualTo("published"));
        Assert.That(await Anonymous.PublicViewsShowingAsync(article.Id(), section.StationId, word), Is.EquivalentTo(WorkflowApi.AllPublicViews));
    }

    [Test]
    public async Task Editing_a_trashed_article_is_a_conflict_and_changes_nothing()
    {
        var (article, section, _) = await PublishedAsync();
        await (await Admin.DeleteAsync(article.Url())).ExpectNoContentAsync();
        var (_, before) = await Admin.ReadAsync(article.Url());

        var put = await Admin.PutJsonAsync(article.Url(), ArticleApi.Body(section, "不应保存的标题"));
        var patch = await Admin.MergePatchAsync(article.Url(), new { title = "不应保存的标题" });
        var publish = await Admin.PostJsonAsync($"{article.Url()}/publish", new { });
        var unpublish = await Admin.PostEmptyAsync($"{article.Url()}/unpublish");

        foreach (var res in new[] { put, patch, publish, unpublish })
        {
            var problem = await res.ExpectProblemAsync(HttpStatusCode.Conflict);
            Assert.That((string?)problem["detail"], Does.Contain("trash"));
        }
        var after = await Admin.ReadAsync(article.Url());
        Assert.That(after.ETag, Is.EqualTo(before));
        Assert.That(after.Body.Status(), Is.EqualTo("trashed"));
    }

    [Test]
    public async Task An_admin_removes_a_trashed_article_for_good_with_its_revisions()
    {
        var (article, _, _) = await PublishedAsync();
        await (await Admin.MergePatchAsync(article.Url(), new { summary = "修改后的摘要" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync(article.Url())).ExpectNoContentAsync();

        var res = await Admin.DeleteAsync($"{article.Url()}?permanent=true");

        await res.ExpectNoContentAsync();
        await (await Admin.GetAsync(article.Url())).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.GetAsync($"{article.Url()}/revisions")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.GetAsync($"{article.Url()}/revisions/1")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PostEmptyAsync($"{article.Url()}/restore")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var trash = await Admin.AllPagesAsync(ApiRoutes.For(ListTrashRequest.Route), limit: 100);
        Assert.That(trash.Select(a => a.Id()), Does.Not.Contain(article.Id()));
    }

    [Test]
    public async Task An_article_removed_for_good_leaves_a_tombstone_for_apps_that_had_it()
    {
        var (article, _, _) = await PublishedAsync();
        var app = new SyncingApp(Anonymous);
        await app.SyncAsync();

        await (await Admin.DeleteAsync($"{article.Url()}?permanent=true")).ExpectNoContentAsync();

        var synced = await app.SyncAsync();
        Assert.That(synced.Where(i => i.Id() == article.Id()).Select(i => (bool)i["deleted"]!), Is.EqualTo(new[] { true }));
    }

    [Test]
    public async Task An_editor_cannot_remove_an_article_for_good()
    {
        var (article, _, _) = await PublishedAsync();
        await (await Admin.DeleteAsync(article.Url())).ExpectNoContentAsync();
        var editor = await ClientAsync("editor");

        var res = await editor.DeleteAsync($"{article.Url()}?permanent=true");

        await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
        var still = await (await Admin.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(still.Status(), Is.EqualTo("trashed"));
        await (await Admin.GetAsync($"{article.Url()}/revisions")).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [TestCase("contributor")]
    [TestCase("author")]
    public async Task Only_editors_restore_from_the_trash(string role)
    {
        var (article, _, _) = await Given.DraftAsync();
        await (await Admin.DeleteAsync(article.Url())).ExpectNoContentAsync();
        var client = await ClientAsync(role);

        var res = await client.PostEmptyAsync($"{article.Url()}/restore");

        await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.That((await (await Admin.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK)).Status(), Is.EqualTo("trashed"));
    }

    /// <summary>What an article is, leaving out when it was last touched and its version: trashing and restoring are
    /// changes of their own.</summary>
    static string Content(JsonNode article)
    {
        var copy = article.DeepClone().AsObject();
        copy.Remove("updatedAt");
        copy.Remove("version");
        copy.Remove("status");
        return copy.ToJsonString();
    }

    async Task<HttpClient> ClientAsync(string role, long[]? stationIds = null) =>
        (await NewKeyClientAsync(role, stationIds: stationIds)).Client;

    async Task<(JsonNode Article, (long StationId, long ChannelId) Section, string Word)> PublishedAsync(bool full = false)
    {
        var section = await Given.SectionAsync();
        var word = WorkflowApi.UniqueWord();
        JsonNode article;
        if (full)
        {
            var author = await Given.AuthorAsync("金作超");
            var cover = await Given.MediaAsync(caption: "团干部");
            var body = ArticleApi.Body(section, $"{SeedArticle.Title} {word}");
            body["subtitle"] = "多链条打造团干部队伍建设";
            body["summary"] = "共青团长岭县委全面发力";
            body["source"] = "中国吉林网";
            body["credit"] = "共青团长岭县委";
            body["bylines"] = new object[] { new { authorId = author.Id(), role = "editor" } };
            body["tags"] = new[] { "共青团", "长岭县" };
            body["coverMediaId"] = cover.Id();
            body["media"] = new object[] { new { mediaId = cover.Id(), caption = "多样化“选”" } };
            article = await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
        }
        else
        {
            article = await Given.ArticleAsync(title: $"乾安县开展植树活动 {word}", section: section);
        }
        return (article, section, word);
    }
}
