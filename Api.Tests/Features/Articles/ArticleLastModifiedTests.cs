using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

public sealed class ArticleLastModifiedTests : ApiFixture
{
    [Test]
    public async Task Renaming_an_author_moves_the_Last_Modified_of_the_articles_that_name_them()
    {
        var author = await Given.AuthorAsync(name: "李雪");
        var article = await Given.ArticleAsync(bylines: [new { authorId = (long)author["id"]!, role = "correspondent" }]);

        var renamed = await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateAuthorRequest.Route, author["id"]!), new { slug = (string)author["slug"]!, name = "李雪梅" }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article["id"]!));

        var updated = (DateTime)renamed["updatedAt"]!;
        Assert.That(updated, Is.GreaterThan((DateTime)article["updatedAt"]!));
        Assert.That(res.Content.Headers.LastModified, Is.EqualTo(new DateTimeOffset(updated.AddTicks(-(updated.Ticks % TimeSpan.TicksPerSecond)))));
    }

    [Test]
    public async Task An_article_untouched_since_it_was_written_is_last_modified_when_it_was_written()
    {
        var article = await Given.ArticleAsync();

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article["id"]!));

        var written = (DateTime)article["updatedAt"]!;
        Assert.That(res.Content.Headers.LastModified, Is.EqualTo(new DateTimeOffset(written.AddTicks(-(written.Ticks % TimeSpan.TicksPerSecond)))));
    }
}
