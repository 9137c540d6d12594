using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Auth;

/// <summary>Issue #13 row 10: what a key learns stays within its stations and its role: a medium's usage, the trash,
/// and the authors a station-limited admin may change.</summary>
public sealed class StationScopeLeakTests : ApiFixture
{
    [Test]
    public async Task A_media_usage_shows_a_station_limited_key_only_the_articles_of_its_stations()
    {
        var (home, elsewhere) = (await Given.SectionAsync(), await Given.SectionAsync());
        var medium = (await Given.MediaAsync()).Id();
        var mine = await DraftShowingAsync(home, medium, "本站草稿");
        var theirs = await DraftShowingAsync(elsewhere, medium, "外站草稿");
        var author = (await Given.AuthorAsync(avatarMediaId: medium)).Id();
        var (limited, _) = await NewKeyClientAsync("editor", stationIds: [home.StationId]);

        var seen = await UsageAsync(limited, medium);
        var all = await UsageAsync(Admin, medium);

        Assert.That(seen.Select(Use), Is.EquivalentTo(new[] { ("article", mine), ("author", author) }));
        Assert.That(seen.Select(u => (string?)u!["name"]), Does.Not.Contain("外站草稿"));
        Assert.That(all.Select(Use), Is.EquivalentTo(new[] { ("article", mine), ("article", theirs), ("author", author) }));
    }

    [TestCase("contributor", false)]
    [TestCase("author", false)]
    [TestCase("editor", true)]
    public async Task A_media_usage_lists_a_trashed_article_only_to_editors_and_admins(string role, bool sees)
    {
        var section = await Given.SectionAsync();
        var medium = (await Given.MediaAsync()).Id();
        var trashed = await DraftShowingAsync(section, medium, "已删除的草稿");
        await TrashAsync(trashed);
        var (client, _) = await NewKeyClientAsync(role, stationIds: [section.StationId]);

        var uses = await UsageAsync(client, medium);

        Assert.That(uses.Select(Use), sees ? Is.EqualTo(new[] { ("article", trashed) }) : Is.Empty);
    }

    [TestCase("contributor", true)]
    [TestCase("author", true)]
    [TestCase("editor", false)]
    public async Task A_trashed_article_and_its_revisions_are_not_found_by_keys_that_may_not_see_the_trash(string role, bool ofItsStation)
    {
        var section = await Given.SectionAsync();
        var trashed = await Given.ArticleAsync(status: "draft", section: section);
        await TrashAsync(trashed.Id());
        var station = ofItsStation ? section.StationId : (await Given.SectionAsync()).StationId;
        var (client, _) = await NewKeyClientAsync(role, stationIds: [station]);
        var (editor, _) = await NewKeyClientAsync("editor", stationIds: [section.StationId]);

        foreach (var url in TrashedUrls(trashed.Id()))
        {
            await (await client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await editor.GetAsync(url)).ExpectJsonAsync(HttpStatusCode.OK);
        }
    }

    [Test]
    public async Task A_station_limited_admin_may_not_change_an_author_with_bylines_in_another_station()
    {
        var (home, elsewhere) = (await Given.SectionAsync(), await Given.SectionAsync());
        var author = await Given.AuthorAsync("王芳");
        await Given.ArticleAsync(status: "draft", section: home, bylines: [new { authorId = author.Id(), role = "reporter" }]);
        await Given.ArticleAsync(status: "draft", section: elsewhere, bylines: [new { authorId = author.Id(), role = "reporter" }]);
        var url = ApiRoutes.For(GetAuthorRequest.Route, author.Id());
        var (limited, _) = await NewKeyClientAsync("admin", stationIds: [home.StationId]);
        var before = await Admin.SnapshotTextAsync(url);

        await (await limited.PutJsonAsync(url, new { slug = (string)author["slug"]!, name = "改名" })).ExpectForbiddenAsync();
        await (await limited.MergePatchAsync(url, new { name = "改名" })).ExpectForbiddenAsync();
        var problem = await (await limited.DeleteAsync(url)).ExpectForbiddenAsync();

        Assert.That((string?)problem["detail"], Does.Contain(elsewhere.StationId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(await Admin.SnapshotTextAsync(url), Is.EqualTo(before));
    }

    [Test]
    public async Task A_station_limited_admin_changes_an_author_whose_bylines_are_all_in_its_stations_or_who_has_none()
    {
        var home = await Given.SectionAsync();
        var ours = await Given.AuthorAsync("王芳");
        await Given.ArticleAsync(status: "draft", section: home, bylines: [new { authorId = ours.Id(), role = "reporter" }]);
        var newcomer = await Given.AuthorAsync("李雪");
        var (limited, _) = await NewKeyClientAsync("admin", stationIds: [home.StationId]);

        foreach (var author in new[] { ours, newcomer })
        {
            var changed = await (await limited.MergePatchAsync(ApiRoutes.For(GetAuthorRequest.Route, author.Id()), new { bio = "松原站记者。" }))
                .ExpectJsonAsync(HttpStatusCode.OK);
            Assert.That((string?)changed["bio"], Is.EqualTo("松原站记者。"));
        }
    }

    static string[] TrashedUrls(long id) =>
    [
        ApiRoutes.For(GetArticleRequest.Route, id),
        ApiRoutes.For(ListRevisionsRequest.Route, id),
        ApiRoutes.For(GetRevisionEndpoint.Route, id, 1),
    ];

    async Task TrashAsync(long id) =>
        Assert.That((await Admin.DeleteAsync(ApiRoutes.For(GetArticleRequest.Route, id))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

    async Task<long> DraftShowingAsync((long StationId, long ChannelId) section, long medium, string title)
    {
        var body = ArticleApi.Body(section, title);
        body["status"] = "draft";
        body.Remove("publishedAt");
        body["coverMediaId"] = medium;
        return (await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created)).Id();
    }

    static async Task<JsonArray> UsageAsync(HttpClient client, long medium) =>
        (await (await client.GetAsync(ApiRoutes.For(GetMediaUsageRequest.Route, medium))).ExpectJsonAsync(HttpStatusCode.OK))["usedBy"]!.AsArray();

    static (string, long) Use(JsonNode? use) => ((string)use!["kind"]!, (long)use["id"]!);
}
