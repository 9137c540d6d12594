using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Auth;

/// <summary>What a key may do is decided by its role, never by what it writes in a body: a status, a publish time,
/// someone else's byline or a timestamp does not raise it.</summary>
public sealed class WriteBodyPrivilegeTests : ApiFixture
{
    const string Title = "长岭县开展青年志愿服务活动";
    const string Body = "<p>近日,长岭县团委组织青年志愿者走进社区。</p>";

    public static IEnumerable<TestCaseData> PublishingFields()
    {
        yield return new TestCaseData(new Dictionary<string, object?> { ["status"] = "published" }).SetName("{m}(status_published)");
        yield return new TestCaseData(new Dictionary<string, object?> { ["publishedAt"] = "2024-01-02T14:36:00+08:00" }).SetName("{m}(a_past_publishedAt)");
        yield return new TestCaseData(new Dictionary<string, object?> { ["publishedAt"] = "2099-01-02T14:36:00+08:00" }).SetName("{m}(a_future_publishedAt)");
        yield return new TestCaseData(new Dictionary<string, object?> { ["status"] = "draft", ["publishedAt"] = "2024-01-02T14:36:00+08:00" })
            .SetName("{m}(status_draft_with_a_publishedAt)");
    }

    [TestCaseSource(nameof(PublishingFields))]
    public async Task A_contributor_cannot_create_an_article_that_is_published_or_scheduled(Dictionary<string, object?> fields)
    {
        var (section, author, client) = await KeyWithSectionAsync("contributor");
        var body = NewBody(section, author);
        foreach (var (name, value) in fields) { body[name] = value; }

        var res = await client.PostJsonAsync(ArticleApi.Path, body);

        var problem = await res.ExpectForbiddenAsync();
        Assert.That((string?)problem["detail"], Does.Contain("publish"));
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [TestCaseSource(nameof(PublishingFields))]
    public async Task A_contributor_cannot_publish_its_own_draft_by_replacing_it(Dictionary<string, object?> fields)
    {
        var (section, author, client) = await KeyWithSectionAsync("contributor");
        var url = await OwnDraftAsync(client, section, author);
        var body = NewBody(section, author);
        foreach (var (name, value) in fields) { body[name] = value; }
        var before = await Admin.SnapshotAsync(url);

        var res = await client.PutJsonAsync(url, body);

        await res.ExpectForbiddenAsync();
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(PublishingFields))]
    public async Task A_contributor_cannot_publish_its_own_draft_by_patching_it(Dictionary<string, object?> fields)
    {
        var (section, author, client) = await KeyWithSectionAsync("contributor");
        var url = await OwnDraftAsync(client, section, author);
        var before = await Admin.SnapshotAsync(url);

        var res = await client.MergePatchAsync(url, fields);

        await res.ExpectForbiddenAsync();
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
        await (await Anonymous.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_contributor_may_replace_its_own_draft_when_it_keeps_it_a_draft()
    {
        var (section, author, client) = await KeyWithSectionAsync("contributor");
        var url = await OwnDraftAsync(client, section, author);
        var body = NewBody(section, author, "长岭县青年志愿服务活动(修改稿)");
        body["status"] = "draft";

        var res = await client.PutJsonAsync(url, body);

        var replaced = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)replaced["status"], Is.EqualTo("draft"));
        Assert.That((string?)replaced["title"], Is.EqualTo("长岭县青年志愿服务活动(修改稿)"));
        Assert.That(replaced["publishedAt"], Is.Null);
    }

    [TestCase("contributor")]
    [TestCase("author")]
    public async Task A_key_acting_as_an_author_cannot_create_an_article_under_another_authors_byline_alone(string role)
    {
        var (section, _, client) = await KeyWithSectionAsync(role);
        var other = await Given.AuthorAsync("穆汶姝");

        var res = await client.PostJsonAsync(ArticleApi.Path, NewBody(section, other.Id()));

        var problem = await res.ExpectForbiddenAsync();
        Assert.That((string?)problem["detail"], Does.Contain("byline"));
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    [TestCase("contributor")]
    [TestCase("author")]
    public async Task A_key_acting_as_an_author_cannot_hand_its_article_to_another_authors_byline(string role)
    {
        var (section, author, client) = await KeyWithSectionAsync(role);
        var other = await Given.AuthorAsync("穆汶姝");
        var url = await OwnDraftAsync(client, section, author);
        var before = await Admin.SnapshotAsync(url);

        var put = await client.PutJsonAsync(url, NewBody(section, other.Id()));
        var patch = await client.MergePatchAsync(url, new { bylines = new[] { new { authorId = other.Id(), role = "correspondent" } } });

        await put.ExpectForbiddenAsync();
        await patch.ExpectForbiddenAsync();
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    [TestCase("contributor")]
    [TestCase("author")]
    public async Task A_key_acting_as_an_author_may_share_its_byline_with_another_author(string role)
    {
        var (section, author, client) = await KeyWithSectionAsync(role);
        var other = await Given.AuthorAsync("穆汶姝");
        var body = NewBody(section, author);
        body["bylines"] = new object[] { new { authorId = other.Id(), role = "correspondent" }, new { authorId = author, role = "correspondent" } };

        var res = await client.PostJsonAsync(ArticleApi.Path, body);

        var created = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(created["bylines"]!.AsArray().Select(b => (long)b!["author"]!["id"]!), Is.EqualTo(new[] { other.Id(), author }));
    }

    [Test]
    public async Task An_editor_acting_as_an_author_may_file_under_another_authors_byline()
    {
        var (section, _, client) = await KeyWithSectionAsync("editor");
        var other = await Given.AuthorAsync("穆汶姝");

        var res = await client.PostJsonAsync(ArticleApi.Path, NewBody(section, other.Id()));

        var created = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(created["bylines"]!.AsArray().Select(b => (long)b!["author"]!["id"]!), Is.EqualTo(new[] { other.Id() }));
    }

    public static IEnumerable<TestCaseData> ServerFields()
    {
        yield return new TestCaseData("createdAt", (object)"2020-01-01T00:00:00Z").SetName("{m}(createdAt)");
        yield return new TestCaseData("updatedAt", (object)"2020-01-01T00:00:00Z").SetName("{m}(updatedAt)");
        yield return new TestCaseData("id", (object)987654321L).SetName("{m}(id)");
        yield return new TestCaseData("createdByKeyId", (object)1L).SetName("{m}(createdByKeyId)");
    }

    [TestCaseSource(nameof(ServerFields))]
    public async Task No_one_can_set_a_field_the_server_keeps_by_replacing_an_article(string field, object value)
    {
        var section = await Given.SectionAsync();
        var article = await Given.ArticleAsync(section: section, status: "draft");
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
        var body = ArticleApi.Body(section);
        body[field] = value;
        var before = await Admin.SnapshotAsync(url);

        var res = await Admin.PutJsonAsync(url, body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(ServerFields))]
    public async Task No_one_can_set_a_field_the_server_keeps_by_patching_an_article(string field, object value)
    {
        var article = await Given.ArticleAsync(status: "draft");
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());
        var before = await Admin.SnapshotAsync(url);

        var res = await Admin.MergePatchAsync(url, new Dictionary<string, object> { [field] = value });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    [TestCase("createdAt")]
    [TestCase("updatedAt")]
    [TestCase("createdByKeyId")]
    public async Task No_one_can_set_a_field_the_server_keeps_when_creating_an_article(string field)
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body[field] = field == "createdByKeyId" ? 1 : "2020-01-01T00:00:00Z";

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }

    static async Task<string> OwnDraftAsync(HttpClient client, (long StationId, long ChannelId) section, long authorId)
    {
        var created = await (await client.PostJsonAsync(ArticleApi.Path, NewBody(section, authorId))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)created["status"], Is.EqualTo("draft"));
        return ApiRoutes.For(GetArticleRequest.Route, created.Id());
    }

    static Dictionary<string, object?> NewBody((long StationId, long ChannelId) section, long bylineAuthorId, string title = Title) => new()
    {
        ["title"] = title,
        ["bodyHtml"] = Body,
        ["stationId"] = section.StationId,
        ["channelId"] = section.ChannelId,
        ["bylines"] = new object[] { new { authorId = bylineAuthorId, role = "correspondent" } },
    };
}
