using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Auth;

/// <summary>Reads that are not public (revisions, the trash) follow the same roles as the writes.</summary>
public sealed class NonPublicReadRoleTests : ApiFixture
{
    public static IEnumerable<TestCaseData> RevisionCases() =>
        from role in AccessApi.Roles
        from own in new[] { true, false }
        let allowed = own || role is "editor" or "admin"
        select new TestCaseData(role, own, allowed).SetName(
            $"{(role == "contributor" ? "A" : "An")}_{role}_{(allowed ? "may" : "may_not")}_read_the_revisions_of_{(own ? "its_own_article" : "an_article_by_another_author")}");

    [TestCaseSource(nameof(RevisionCases))]
    public async Task Revisions_are_read_by_the_owner_and_by_editors(string role, bool own, bool allowed)
    {
        var mine = await Given.AuthorAsync("李雪");
        var other = await Given.AuthorAsync("穆汶姝");
        var key = await Admin.KeyAsync(role, authorId: mine.Id());
        using var client = ClientWithKey(key.Secret);
        var article = await Given.ArticleAsync(status: "draft", bylines: [new { authorId = own ? mine.Id() : other.Id(), role = "correspondent" }]);
        var url = ApiRoutes.For(ListRevisionsRequest.Route, article.Id());

        var list = await client.GetAsync(url);
        var one = await client.GetAsync($"{url}/1");

        Assert.That(list.StatusCode, Is.EqualTo(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden), await list.Content.ReadAsStringAsync());
        Assert.That(one.StatusCode, Is.EqualTo(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden), await one.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Without_a_key_no_one_may_read_revisions()
    {
        var article = await Given.ArticleAsync();

        var list = await Anonymous.GetAsync(ApiRoutes.For(ListRevisionsRequest.Route, article.Id()));
        var one = await Anonymous.GetAsync($"{ArticleApi.Path}/{article.Id()}/revisions/1");

        await list.ExpectUnauthorizedAsync();
        await one.ExpectUnauthorizedAsync();
    }

    [TestCase("contributor")]
    [TestCase("author")]
    public async Task Roles_below_editor_are_refused_the_trash_and_told_who_may_see_it(string role)
    {
        var key = await Admin.KeyAsync(role);
        using var client = ClientWithKey(key.Secret);

        var res = await client.GetAsync(ApiRoutes.For(ListTrashRequest.Route));

        var problem = await res.ExpectForbiddenAsync();
        Assert.That((string?)problem["detail"], Does.Contain("editor"));
    }

    [TestCase("editor")]
    [TestCase("admin")]
    public async Task Editors_and_admins_see_the_trash(string role)
    {
        var article = await Given.ArticleAsync(status: "draft");
        await Admin.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, article.Id()));
        var key = await Admin.KeyAsync(role);
        using var client = ClientWithKey(key.Secret);

        var trash = await client.AllPagesAsync(ApiRoutes.For(ListTrashRequest.Route), limit: 100);

        Assert.That(trash.Select(a => (long)a["id"]!), Does.Contain(article.Id()));
    }

    [Test]
    public async Task Without_a_key_no_one_may_see_the_trash()
    {
        var res = await Anonymous.GetAsync(ApiRoutes.For(ListTrashRequest.Route));

        await res.ExpectUnauthorizedAsync();
    }
}
