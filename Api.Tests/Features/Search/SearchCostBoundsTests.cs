using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Tests.Features.Search;

/// <summary>The bounds that keep one search cheap: the words of a search, and the length of a body a write may send
/// (Cms:MaxBodyHtmlBytes, 1 MiB by default).</summary>
public sealed class SearchCostBoundsTests : ApiFixture
{
    const int DefaultLimit = 1024 * 1024;

    /// <summary>349,526 Chinese characters: 1,048,578 bytes of UTF-8, far fewer characters than any limit on characters.</summary>
    static readonly string OverLimitBody = "<p>" + new string('团', (DefaultLimit / 3) + 1) + "</p>";

    [Test]
    public async Task A_search_of_more_than_16_different_words_is_refused_naming_q_and_the_limit()
    {
        var section = await Given.SectionAsync();
        var article = await Admin.ArticleAsync(section, bodyHtml: "<p>" + Words(16) + "</p>");

        var seventeen = await Anonymous.GetAsync($"{ArticleApi.Path}?q={Uri.EscapeDataString(Words(17))}");
        var sixteen = await Anonymous.SearchAsync(Words(16), $"&station={section.StationId}");
        var repeated = await Anonymous.SearchAsync(string.Join(' ', Enumerable.Repeat("kw1", 40)), $"&station={section.StationId}");

        var problem = await seventeen.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("q").Single(), Does.Contain("at most 16 different words"), problem.ToJsonString());
        Assert.That(sixteen.Ids(), Is.EqualTo(new[] { article }));
        Assert.That(repeated.Ids(), Is.EqualTo(new[] { article }), "a word counts once however often it is typed");
    }

    [Test]
    public async Task A_new_article_with_a_body_over_the_byte_limit_is_refused_naming_bodyHtml_and_the_limit()
    {
        var section = await Given.SectionAsync();
        var body = ArticleApi.Body(section);
        body["bodyHtml"] = OverLimitBody;

        var res = await Admin.PostJsonAsync(ArticleApi.Path, body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("bodyHtml").Single(), Does.Contain("1,048,576 bytes"), problem.ToJsonString());
        Assert.That(await Admin.CountInSectionAsync(section), Is.Zero, "a refused create stores nothing");
    }

    [Test]
    public async Task Replacing_a_body_with_one_over_the_byte_limit_is_refused_and_changes_nothing()
    {
        var section = await Given.SectionAsync();
        var article = await Admin.ArticleAsync(section);
        var body = ArticleApi.Body(section, SearchApi.OtherTitle);
        body["bodyHtml"] = OverLimitBody;

        var res = await Admin.PutJsonAsync(Url(article), body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("bodyHtml").Single(), Does.Contain("1,048,576 bytes"), problem.ToJsonString());
        Assert.That(await BodyAsync(article), Is.EqualTo(SearchApi.OtherBody));
    }

    [Test]
    public async Task A_body_stored_over_the_limit_before_it_existed_stays_searchable_and_patchable_but_not_patched_to_another()
    {
        var section = await Given.SectionAsync();
        var article = await Admin.ArticleAsync(section);
        var storedBody = "<p>" + new string('岭', (DefaultLimit / 3) + 1) + "</p>";
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(Factory.DataDirectory, "cms.db")};Pooling=False"))
        {
            await db.ExecuteAsync("UPDATE articles SET body_html = @storedBody WHERE id = @article", new { storedBody, article });
        }

        var title = await Admin.MergePatchAsync(Url(article), new { title = "长岭县团委长稿" });
        var hits = await Anonymous.SearchAsync("长稿", $"&station={section.StationId}");
        var longer = await Admin.MergePatchAsync(Url(article), new { bodyHtml = OverLimitBody });

        await title.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(hits.Ids(), Is.EqualTo(new[] { article }));
        Assert.That((await longer.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("bodyHtml"), Is.Not.Empty);
        Assert.That(await BodyAsync(article), Is.EqualTo(storedBody));
    }

    static string Words(int count) => string.Join(' ', Enumerable.Range(1, count).Select(i => $"kw{i}"));

    static string Url(long article) => ApiRoutes.For(GetArticleRequest.Route, article);

    async Task<string> BodyAsync(long article) =>
        (string)(await (await Admin.GetAsync(Url(article))).ExpectJsonAsync(HttpStatusCode.OK))["bodyHtml"]!;
}
