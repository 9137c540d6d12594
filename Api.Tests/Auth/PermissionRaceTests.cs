using System.Collections.Concurrent;
using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Auth;

/// <summary>Issue #13 row 14: a change is allowed or refused on the article as its write transaction finds it. Each test
/// lands an editor's change between the start of a key's request and its write (<see cref="IBeforeArticleWrite"/>), as a
/// race would, and the key's request is judged on the article after that change.</summary>
public sealed class PermissionRaceTests : ApiFixture
{
    readonly Interleaving interleaving = new();

    protected override void ConfigureHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IBeforeArticleWrite>(interleaving));

    [Test]
    public async Task A_contributors_replace_racing_an_editors_publish_is_refused_and_the_published_article_stays()
    {
        var (section, _, contributor) = await KeyWithSectionAsync("contributor");
        var draft = await DraftAsync(contributor, section);
        interleaving.Before(draft, () => PublishAsync(draft));
        var body = ArticleApi.Body(section, "通讯员改写的标题");
        body.Remove("status");
        body.Remove("publishedAt");

        var res = await contributor.PutJsonAsync(ApiRoutes.For(UpdateArticleRequest.Route, draft), body);

        await res.ExpectForbiddenAsync();
        var article = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)article["status"], Is.EqualTo("published"));
        Assert.That((string?)article["title"], Is.EqualTo(SeedArticle.Title));
    }

    [Test]
    public async Task A_contributors_trash_racing_an_editors_publish_is_refused_and_the_article_stays_published()
    {
        var (section, _, contributor) = await KeyWithSectionAsync("contributor");
        var draft = await DraftAsync(contributor, section);
        interleaving.Before(draft, () => PublishAsync(draft));

        var res = await contributor.DeleteAsync(ApiRoutes.For(DeleteArticleRequest.Route, draft));

        await res.ExpectForbiddenAsync();
        var article = await (await Admin.GetAsync(ApiRoutes.For(GetArticleRequest.Route, draft))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)article["status"], Is.EqualTo("published"));
    }

    [Test]
    public async Task An_authors_archive_racing_an_editor_taking_its_byline_off_is_refused()
    {
        var (section, authorId, author) = await KeyWithSectionAsync("author");
        var other = (await Given.AuthorAsync("王芳")).Id();
        var article = (await Given.ArticleAsync(section: section, bylines: [new { authorId, role = "reporter" }])).Id();
        var url = ApiRoutes.For(GetArticleRequest.Route, article);
        interleaving.Before(article, async () =>
            Assert.That((await Admin.MergePatchAsync(url, new { bylines = new[] { new { authorId = other, role = "reporter" } } })).StatusCode,
                Is.EqualTo(HttpStatusCode.OK)));

        var res = await author.PostAsync(ApiRoutes.For(ArchiveArticleEndpoint.Route, article), null);

        await res.ExpectForbiddenAsync();
        var after = await (await Admin.GetAsync(url)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)after["status"], Is.EqualTo("published"));
    }

    static async Task<long> DraftAsync(HttpClient contributor, (long StationId, long ChannelId) section)
    {
        var body = ArticleApi.Body(section);
        body["status"] = "draft";
        body.Remove("publishedAt");
        return (await (await contributor.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created)).Id();
    }

    async Task PublishAsync(long id) =>
        Assert.That((await Admin.PostAsync(ApiRoutes.For(PublishArticleRequest.Route, id), null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

    /// <summary>Runs a change once, just before the write of the next request that changes that article.</summary>
    sealed class Interleaving : IBeforeArticleWrite
    {
        readonly ConcurrentDictionary<long, Func<Task>> pending = new();

        public void Before(long articleId, Func<Task> change) => pending[articleId] = change;

        public async Task RunAsync(long articleId, CancellationToken ct)
        {
            if (pending.TryRemove(articleId, out var change)) { await change(); }
        }
    }
}
