using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;
using static Cms.Api.Tests.Auth.ArticleAction;
using static Cms.Api.Tests.Auth.ArticleStart;

namespace Cms.Api.Tests.Auth;

/// <summary>Every edit and publication a role allows succeeds and leaves the article as the action says (the moves to
/// draft, archive, trash and back run beside it in <see cref="ArticleRoleStateTests"/>).</summary>
public sealed class ArticleRoleTests : ArticleRoleFixture
{
    [TestCaseSource(nameof(AllowedEditCases))]
    public Task A_key_does_what_its_role_allows(string role, ArticleAction action, Ownership ownership, ArticleStart start) =>
        ExpectAllowedAsync(role, action, ownership, start);

    [TestCaseSource(nameof(AllowedCreateCases))]
    public async Task A_key_creates_the_articles_its_role_allows(string role, string status)
    {
        var (section, own, client) = await KeyWithSectionAsync(role);

        var res = await client.PostJsonAsync(ArticleApi.Path, NewArticle(section, status, own));

        var created = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)created["status"], Is.EqualTo(status));
        var read = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, created.Id()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)read["title"], Is.EqualTo(OriginalTitle));
    }
}
