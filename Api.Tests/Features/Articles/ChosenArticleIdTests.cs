using System.Net;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>Issue #13 row 12: a client chooses an article's id only to keep an old site's id on import: editors and
/// admins, below 2^52, so that the ids the database gives after it (above every id it has held) stay below 2^53, where
/// JavaScript holds them.</summary>
public sealed class ChosenArticleIdTests : ApiFixture
{
    const long MaxChosenId = 4_503_599_627_370_495; // 2^52 - 1
    const long MaxSafeInteger = 9_007_199_254_740_991; // 2^53 - 1, JavaScript's Number.MAX_SAFE_INTEGER

    /// <summary>The highest id moves the id sequence of the whole database: a database of its own.</summary>
    protected override bool NeedsDatabaseOfItsOwn => true;

    [TestCase("contributor")]
    [TestCase("author")]
    public async Task A_contributor_or_author_cannot_choose_an_id(string role)
    {
        var section = await Given.SectionAsync();
        var (client, _) = await NewKeyClientAsync(role);
        var body = ArticleApi.Body(section);
        body["status"] = "draft";
        body.Remove("publishedAt");
        body["id"] = 3808167;

        var problem = await (await client.PostJsonAsync(ArticleApi.Path, body)).ExpectProblemAsync(ProblemTypes.Forbidden);

        Assert.That((string?)problem["detail"], Does.Contain("id"));
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
        body.Remove("id");
        await (await client.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
    }

    [Test]
    public async Task An_editor_keeps_an_imported_id_up_to_2_to_the_52_minus_1_and_the_ids_given_after_it_stay_below_2_to_the_53()
    {
        var section = await Given.SectionAsync();
        var (editor, _) = await NewKeyClientAsync("editor");
        var body = ArticleApi.Body(section);
        body["id"] = MaxChosenId;

        var created = await (await editor.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);
        body.Remove("id");
        var next = await (await editor.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);

        Assert.That(created.Id(), Is.EqualTo(MaxChosenId));
        Assert.That(next.Id(), Is.GreaterThan(MaxChosenId).And.LessThanOrEqualTo(MaxSafeInteger));
    }

    [TestCase(MaxChosenId + 1)]
    [TestCase(MaxSafeInteger)]
    [TestCase(MaxSafeInteger + 1)]
    [TestCase(long.MaxValue)]
    public async Task An_id_from_2_to_the_52_on_is_refused_naming_id(long id)
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body["id"] = id;

        var problem = await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectProblemAsync(ProblemTypes.ValidationFailed);

        Assert.That(problem.ErrorsFor("id"), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero);
    }
}
