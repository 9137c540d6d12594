using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Audit;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Audit;

/// <summary>Issue #13 rows 2 and 3: the audit never keeps a credential sent in the URL, and keeps bounded paths.</summary>
public sealed class AuditRedactionTests : ApiFixture
{
    static readonly string Path = ApiRoutes.For(ListAuditRequest.Route);

    [Test]
    public async Task A_key_sent_in_the_URL_of_a_write_is_refused_and_stored_nowhere_in_the_audit()
    {
        var secret = (await Admin.KeyAsync("editor")).Secret;
        using var editor = StrictClientWithKey(secret);
        var article = await Given.ArticleAsync(status: "draft");
        var url = ApiRoutes.For(PublishArticleRequest.Route, article.Id());

        var withBearer = await editor.PostAsync($"{url}?access_token={secret}", null);
        var alone = await Anonymous.PostAsync($"{url}?api_key={secret}", null);

        await withBearer.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await alone.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var stored = await Admin.AllPagesAsync(Path, limit: 100);
        Assert.That(stored.Select(e => (string?)e["path"]), Has.None.Contains(secret));
    }

    [TestCase("password")]
    [TestCase("client_secret")]
    [TestCase("refresh_token")]
    [TestCase("X-Api-Key")]
    public async Task A_credential_looking_parameter_of_an_authenticated_write_is_stored_redacted(string name)
    {
        var (editor, key) = await NewKeyClientAsync("editor");
        var article = await Given.ArticleAsync();
        var url = ApiRoutes.For(GetArticleRequest.Route, article.Id());

        await (await editor.MergePatchAsync($"{url}?lang=zh&{name}=hunter2-{key.Id}", new { summary = "摘要" })).ExpectJsonAsync(HttpStatusCode.OK);

        var entry = (await Admin.AllPagesAsync($"{Path}?keyId={key.Id}", limit: 100)).Single();
        Assert.That((string?)entry["path"], Is.EqualTo($"{url}?lang=zh&{name}={AuditedPath.Redacted}"));
    }

    [Test]
    public async Task A_long_path_and_query_are_stored_cut_to_a_bounded_length()
    {
        var (editor, key) = await NewKeyClientAsync("editor");
        var longPath = ArticleApi.Path + "/" + new string('a', 5000);

        using var res = await editor.PostAsync($"{longPath}?q={new string('b', 5000)}", null);

        Assert.That((int)res.StatusCode, Is.InRange(400, 499));
        var path = (string?)(await Admin.AllPagesAsync($"{Path}?keyId={key.Id}", limit: 100)).Single()["path"];
        Assert.That(path, Has.Length.LessThanOrEqualTo(AuditedPath.MaxPathLength + AuditedPath.MaxQueryLength));
        Assert.That(path, Does.StartWith(ArticleApi.Path + "/aaa").And.Contain(AuditedPath.Cut + "?q=bbb").And.EndWith(AuditedPath.Cut));
    }
}
