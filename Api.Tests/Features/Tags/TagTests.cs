using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Tags;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Tags;

/// <summary>Tags as a whole: the public list with counts, and editors renaming, merging and removing a tag across the
/// articles they may change, each article getting a new version and revision like any other change.</summary>
public sealed class TagTests : ApiFixture
{
    /// <summary>The public tag list and its counts cover the whole database.</summary>
    protected override bool NeedsDatabaseOfItsOwn => true;

    [Test]
    public async Task The_tag_list_counts_published_articles_most_used_first_and_filters_by_prefix_and_station()
    {
        var word = UniqueWord();
        var (one, other) = (await Given.SectionAsync(), await Given.SectionAsync());
        await Given.ArticleAsync(section: one, tags: [$"{word}冬捕", $"{word}查干湖"]);
        await Given.ArticleAsync(section: one, tags: [$"{word}冬捕"]);
        await Given.ArticleAsync(section: other, tags: [$"{word}冬捕"]);
        await Given.ArticleAsync(section: one, status: "draft", tags: [$"{word}草稿"]);

        var all = await TagsAsync($"?q={word}");
        var inOne = await TagsAsync($"?q={word}&stationId={one.StationId}");

        Assert.That(all, Is.EqualTo(new[] { ($"{word}冬捕", 3L), ($"{word}查干湖", 1L) }), "drafts are not counted, most used first");
        Assert.That(inOne, Is.EqualTo(new[] { ($"{word}冬捕", 2L), ($"{word}查干湖", 1L) }));
        Assert.That(await TagsAsync($"?q={word.ToUpperInvariant()}%"), Is.Empty, "% in q is text, not a wildcard");
    }

    [Test]
    public async Task Bad_list_parameters_are_400_naming_them()
    {
        var problem = await (await Anonymous.GetAsync($"{ApiRoutes.For(ListTagsRequest.Route)}?limit=500&stationId=0")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.That(problem.ErrorsFor("limit"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("stationId"), Is.Not.Empty);
    }

    [Test]
    public async Task Renaming_a_tag_changes_every_article_merges_duplicates_and_records_a_revision()
    {
        var word = UniqueWord();
        var section = await Given.SectionAsync();
        var a = await Given.ArticleAsync(section: section, tags: [$"{word}冬捕", "查干湖"]);
        var b = await Given.ArticleAsync(section: section, tags: ["吉林", $"{word}冬捕", $"{word}冬季捕鱼"]);
        var trashed = await Given.ArticleAsync(section: section, tags: [$"{word}冬捕"]);
        Assert.That((await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, trashed.Id()))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var res = await Admin.PostJsonAsync(ApiRoutes.For(RenameTagRequest.Route), new { from = $"{word}冬捕", to = $"{word}冬季捕鱼" });

        var result = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(result["articleIds"]!.AsArray().Select(i => (long)i!), Is.EquivalentTo(new[] { a.Id(), b.Id() }));
        var readA = await ReadAsync(a.Id());
        var readB = await ReadAsync(b.Id());
        Assert.That(Tags(readA), Is.EqualTo(new[] { $"{word}冬季捕鱼", "查干湖" }), "the new name takes the old one's place");
        Assert.That(Tags(readB), Is.EqualTo(new[] { "吉林", $"{word}冬季捕鱼" }), "an article with both keeps one");
        Assert.That((long)readA["version"]!, Is.EqualTo((long)a["version"]! + 1));
        Assert.That(Tags(await ReadAsync(trashed.Id())), Is.EqualTo(new[] { $"{word}冬捕" }), "the trash is left alone");
        var revisions = await (await Admin.GetAsync(ApiRoutes.For(ListRevisionsRequest.Route, a.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)revisions["items"]![0]!["action"], Is.EqualTo("rename-tag"));
        Assert.That(await Anonymous.ItemsAsync($"tag={Uri.EscapeDataString($"{word}冬捕")}"), Is.Empty);
        Assert.That((await Anonymous.ItemsAsync($"tag={Uri.EscapeDataString($"{word}冬季捕鱼")}")).Ids(), Is.EquivalentTo(new[] { a.Id(), b.Id() }));
    }

    [Test]
    public async Task Removing_a_tag_takes_it_off_every_article_and_a_tag_nobody_has_is_404()
    {
        var word = UniqueWord();
        var article = await Given.ArticleAsync(tags: [$"{word}过时", "长岭"]);
        var url = ApiRoutes.For(RemoveTagRequest.Route, $"{word}过时");

        var removed = await (await Admin.DeleteAsync(url)).ExpectJsonAsync(HttpStatusCode.OK);
        var again = await (await Admin.DeleteAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.That(removed["renamedTo"], Is.Null);
        Assert.That(Tags(await ReadAsync(article.Id())), Is.EqualTo(new[] { "长岭" }));
        Assert.That((string?)again["detail"], Does.Contain("过时"));
    }

    [Test]
    public async Task A_station_limited_editor_retags_only_its_own_stations_articles()
    {
        var word = UniqueWord();
        var (mine, theirs) = (await Given.SectionAsync(), await Given.SectionAsync());
        var inMine = await Given.ArticleAsync(section: mine, tags: [$"{word}雪"]);
        var inTheirs = await Given.ArticleAsync(section: theirs, tags: [$"{word}雪"]);
        var (_, secret) = await Admin.KeyAsync("editor", stationIds: [mine.StationId]);
        using var editor = ClientWithKey(secret);

        var result = await (await editor.PostJsonAsync(ApiRoutes.For(RenameTagRequest.Route), new { from = $"{word}雪", to = $"{word}冰雪" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(result["articleIds"]!.AsArray().Select(i => (long)i!), Is.EqualTo(new[] { inMine.Id() }));
        Assert.That(Tags(await ReadAsync(inTheirs.Id())), Is.EqualTo(new[] { $"{word}雪" }));
    }

    [TestCase("author")]
    [TestCase("contributor")]
    public async Task Roles_below_editor_cannot_manage_tags(string role)
    {
        var word = UniqueWord();
        var article = await Given.ArticleAsync(tags: [$"{word}标签"]);
        var (_, secret) = await Admin.KeyAsync(role);
        using var client = ClientWithKey(secret);

        await (await client.PostJsonAsync(ApiRoutes.For(RenameTagRequest.Route), new { from = $"{word}标签", to = "别的" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync(ApiRoutes.For(RemoveTagRequest.Route, $"{word}标签"))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await Anonymous.DeleteAsync(ApiRoutes.For(RemoveTagRequest.Route, $"{word}标签"))).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        Assert.That(Tags(await ReadAsync(article.Id())), Is.EqualTo(new[] { $"{word}标签" }));
    }

    [Test]
    public async Task A_rename_to_the_same_name_or_to_nothing_is_400_naming_the_field()
    {
        var same = await (await Admin.PostJsonAsync(ApiRoutes.For(RenameTagRequest.Route), new { from = "冬捕", to = " 冬捕 " })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var empty = await (await Admin.PostJsonAsync(ApiRoutes.For(RenameTagRequest.Route), new { from = "冬捕", to = "  " })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.That(same.ErrorsFor("to"), Has.Some.Contains("differ"));
        Assert.That(empty.ErrorsFor("to"), Has.Some.Contains("required"));
    }

    static string UniqueWord() => "t" + Guid.NewGuid().ToString("N")[..6];

    async Task<List<(string, long)>> TagsAsync(string query)
    {
        var list = await (await Anonymous.GetAsync(ApiRoutes.For(ListTagsRequest.Route) + query)).ExpectJsonAsync(HttpStatusCode.OK);
        return list["items"]!.AsArray().Select(t => ((string)t!["name"]!, (long)t["articles"]!)).ToList();
    }

    async Task<JsonNode> ReadAsync(long id) => await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, id))).ExpectJsonAsync(HttpStatusCode.OK);

    static List<string> Tags(JsonNode article) => article["tags"]!.AsArray().Select(t => (string)t!).ToList();
}
