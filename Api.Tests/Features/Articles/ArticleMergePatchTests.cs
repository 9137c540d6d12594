using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>PATCH /articles/{id} with a JSON Merge Patch (RFC 7396): the patch names what changes, null removes a member,
/// and anything that is not an object member is replaced whole.</summary>
public sealed class ArticleMergePatchTests : ApiFixture
{
    [Test]
    public async Task A_patch_changes_only_the_fields_it_names()
    {
        var article = await FullArticleAsync();

        var res = await Admin.MergePatchAsync(article.Url(), new { title = "共青团长岭县委深化改革" });

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        var read = await (await Admin.GetAsync(article.Url())).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var current in new[] { patched, read })
        {
            Assert.That((string?)current["title"], Is.EqualTo("共青团长岭县委深化改革"));
            Assert.That((long?)current["version"], Is.EqualTo((long?)article["version"] + 1));
            Assert.That(Without(current, "title", "updatedAt", "updatedAtLocal", "version"), Is.EqualTo(Without(article, "title", "updatedAt", "updatedAtLocal", "version")));
        }
    }

    [Test]
    public async Task Null_removes_an_optional_field_and_leaves_the_others()
    {
        var article = await FullArticleAsync();

        var res = await Admin.MergePatchRawAsync(article.Url(), """{"subtitle": null, "source": null}""");

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(patched["subtitle"], Is.Null);
        Assert.That(patched["source"], Is.Null);
        Assert.That((string?)patched["summary"], Is.EqualTo("共青团长岭县委全面发力"));
        Assert.That((string?)patched["credit"], Is.EqualTo("共青团长岭县委"));
        Assert.That(Without(patched, "subtitle", "source", "updatedAt", "updatedAtLocal", "version"), Is.EqualTo(Without(article, "subtitle", "source", "updatedAt", "updatedAtLocal", "version")));
    }

    [TestCase("null")]
    [TestCase("[]")]
    public async Task Null_or_an_empty_list_empties_the_tags_and_bylines(string empty)
    {
        var article = await FullArticleAsync();

        var res = await Admin.MergePatchRawAsync(article.Url(), $$"""{"tags": {{empty}}, "bylines": {{empty}}}""");

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(patched["tags"]!.AsArray(), Is.Empty);
        Assert.That(patched["bylines"]!.AsArray(), Is.Empty);
        Assert.That((string?)patched["title"], Is.EqualTo((string?)article["title"]));
        Assert.That(patched["media"]!.ToJsonString(), Is.EqualTo(article["media"]!.ToJsonString()));
    }

    [Test]
    public async Task A_list_in_a_patch_replaces_the_whole_list_instead_of_being_merged_into_it()
    {
        var article = await FullArticleAsync();
        var photographer = await Given.AuthorAsync("穆汶姝");

        var res = await Admin.MergePatchAsync(article.Url(), new
        {
            tags = new[] { "团干部" },
            bylines = new object[] { new { authorId = photographer.Id(), role = "photographer" } },
        });

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(patched["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "团干部" }));
        Assert.That(patched["bylines"]!.AsArray().Select(b => ((long)b!["author"]!["id"]!, (string?)b["role"])),
            Is.EqualTo(new[] { (photographer.Id(), "photographer") }));
    }

    [Test]
    public async Task An_object_inside_a_list_is_replaced_whole_so_a_member_left_out_of_it_is_gone()
    {
        var article = await FullArticleAsync();
        var mediumId = (long)article["media"]![0]!["mediaId"]!;

        var res = await Admin.MergePatchAsync(article.Url(), new { media = new object[] { new { mediaId = mediumId } } });

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)article["media"]![0]!["caption"], Is.EqualTo("多样化“选”"));
        Assert.That(patched["media"]!.AsArray().Select(m => (long)m!["mediaId"]!), Is.EqualTo(new[] { mediumId }));
        Assert.That((string?)patched["media"]![0]!["caption"], Is.EqualTo("团干部"), "the caption of this use is gone: the medium's own shows");
    }

    [Test]
    public async Task A_patch_keeps_the_publishing_state_and_time()
    {
        var article = await FullArticleAsync();

        var res = await Admin.MergePatchAsync(article.Url(), new { summary = "新的摘要" });

        var patched = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(patched.Status(), Is.EqualTo("published"));
        Assert.That((string?)patched["publishedAt"], Is.EqualTo((string?)article["publishedAt"]));
    }

    [Test]
    public async Task An_unknown_property_is_400_naming_it_and_changes_nothing()
    {
        var article = await FullArticleAsync();
        var (_, before) = await Admin.ReadAsync(article.Url());

        var res = await Admin.MergePatchRawAsync(article.Url(), """{"title": "新标题", "headline": "新标题"}""");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("headline"), Is.Not.Empty, problem.ToJsonString());
        Assert.That((await Admin.ReadAsync(article.Url())).ETag, Is.EqualTo(before));
    }

    [TestCase("""{"title": ""}""")]
    [TestCase("""{"title": "   "}""")]
    [TestCase("""{"title": null}""")]
    public async Task A_patch_whose_result_has_no_title_is_400_naming_title_and_changes_nothing(string patch)
    {
        var article = await FullArticleAsync();
        var (_, before) = await Admin.ReadAsync(article.Url());

        var res = await Admin.MergePatchRawAsync(article.Url(), patch);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("title"), Is.Not.Empty, problem.ToJsonString());
        Assert.That((await Admin.ReadAsync(article.Url())).ETag, Is.EqualTo(before));
    }

    [Test]
    public async Task A_value_of_the_wrong_type_is_400_naming_the_field()
    {
        var article = await FullArticleAsync();

        var res = await Admin.MergePatchRawAsync(article.Url(), """{"channelId": "要闻"}""");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("channelId"), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task A_patch_sent_as_plain_text_is_415_and_changes_nothing()
    {
        var article = await FullArticleAsync();
        var (_, before) = await Admin.ReadAsync(article.Url());

        var res = await Admin.MergePatchRawAsync(article.Url(), """{"title": "新标题"}""", "text/plain");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.That((string?)problem["detail"], Does.Contain(WorkflowApi.MergePatchType), "the problem names the type to send");
        Assert.That((await Admin.ReadAsync(article.Url())).ETag, Is.EqualTo(before));
    }

    [TestCase("[]")]
    [TestCase("""[{"title": "新标题"}]""")]
    [TestCase("\"新标题\"")]
    [TestCase("42")]
    [TestCase("null")]
    public async Task A_patch_that_is_not_a_JSON_object_is_400_and_changes_nothing(string patch)
    {
        var article = await FullArticleAsync();
        var (_, before) = await Admin.ReadAsync(article.Url());

        var res = await Admin.MergePatchRawAsync(article.Url(), patch);

        await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That((await Admin.ReadAsync(article.Url())).ETag, Is.EqualTo(before));
    }

    [Test]
    public async Task A_patch_that_is_not_JSON_at_all_is_400()
    {
        var article = await FullArticleAsync();

        var res = await Admin.MergePatchRawAsync(article.Url(), """{"title": "新标题" """);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("body"), Is.Not.Empty, problem.ToJsonString());
    }

    static string Without(JsonNode node, params string[] names)
    {
        var copy = node.DeepClone().AsObject();
        foreach (var name in names) { copy.Remove(name); }
        return copy.ToJsonString();
    }

    /// <summary>A published article with every field filled, as the API answered its creation.</summary>
    async Task<JsonNode> FullArticleAsync()
    {
        var section = await Given.SectionAsync();
        var author = await Given.AuthorAsync("金作超");
        var cover = await Given.MediaAsync(caption: "团干部");
        var body = ArticleApi.Body(section, SeedArticle.Title);
        body["subtitle"] = "多链条打造团干部队伍建设";
        body["summary"] = "共青团长岭县委全面发力";
        body["source"] = "中国吉林网";
        body["credit"] = "共青团长岭县委";
        body["bylines"] = new object[] { new { authorId = author.Id(), role = "editor" } };
        body["tags"] = new[] { "共青团", "长岭县" };
        body["coverMediaId"] = cover.Id();
        body["media"] = new object[] { new { mediaId = cover.Id(), caption = "多样化“选”" } };
        return await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
    }
}
