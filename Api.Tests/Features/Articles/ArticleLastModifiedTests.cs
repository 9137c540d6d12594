using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Articles;

/// <summary>Last-Modified and If-Modified-Since: a client that revalidates by date alone never gets a 304 for content that
/// changed after its copy, even when changes come faster than the header's whole seconds.</summary>
public sealed class ArticleLastModifiedTests : ApiFixture
{
    protected override bool MovesClock => true;

    static DateTimeOffset ToSecond(DateTime at) => new(at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond)), TimeSpan.Zero);

    [Test]
    public async Task Renaming_an_author_moves_the_Last_Modified_of_the_articles_that_name_them()
    {
        var author = await Given.AuthorAsync(name: "李雪");
        var article = await Given.ArticleAsync(bylines: [new { authorId = (long)author["id"]!, role = "correspondent" }]);
        Clock.Advance(TimeSpan.FromSeconds(2));

        var renamed = await (await Admin.PutJsonAsync(ApiRoutes.For(UpdateAuthorRequest.Route, author["id"]!), new { slug = (string)author["slug"]!, name = "李雪梅" }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article["id"]!));

        var updated = (DateTime)renamed["updatedAt"]!;
        Assert.That(updated, Is.GreaterThan((DateTime)article["updatedAt"]!));
        Assert.That(res.Content.Headers.LastModified, Is.EqualTo(ToSecond(updated)));
    }

    [Test]
    public async Task An_article_untouched_since_it_was_written_is_last_modified_when_it_was_written()
    {
        var article = await Given.ArticleAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article["id"]!));

        Assert.That(res.Content.Headers.LastModified, Is.EqualTo(ToSecond((DateTime)article["updatedAt"]!)));
    }

    [Test]
    public async Task Within_the_second_of_a_change_the_article_has_an_ETag_but_no_Last_Modified_yet()
    {
        var article = await Given.ArticleAsync();

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, article["id"]!));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Headers.ETag, Is.Not.Null);
        Assert.That(res.Content.Headers.LastModified, Is.Null, "another change within this second would carry the same date");
    }

    [Test]
    public async Task A_client_revalidating_by_date_alone_never_gets_304_for_an_article_edited_several_times_a_second()
    {
        var article = await Given.ArticleAsync(title: "初稿");
        var url = ApiRoutes.For(GetArticleRequest.Route, article["id"]!);
        var now = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - now.UtcTicks % TimeSpan.TicksPerSecond) + TimeSpan.FromMilliseconds(100));
        string? held = null;
        DateTimeOffset? heldDate = null;

        for (var edit = 1; edit <= 8; edit++)
        {
            var title = $"第{edit}稿";
            await (await Admin.MergePatchAsync(url, new { title }, "*")).ExpectJsonAsync(HttpStatusCode.OK);
            Clock.Advance(TimeSpan.FromMilliseconds(150));
            using var get = new HttpRequestMessage(HttpMethod.Get, url);
            if (heldDate is not null) { get.Headers.IfModifiedSince = heldDate; }

            var res = await Anonymous.SendAsync(get);

            if (res.StatusCode == HttpStatusCode.NotModified)
            {
                Assert.That(held, Is.EqualTo(title), $"edit {edit}: 304 for a copy that has the title {held}");
                continue;
            }
            held = (string)(await res.ExpectJsonAsync(HttpStatusCode.OK))["title"]!;
            heldDate = res.Content.Headers.LastModified ?? heldDate;
            Assert.That(held, Is.EqualTo(title));
            Clock.Advance(TimeSpan.FromMilliseconds(250));
        }
        Assert.That(heldDate, Is.Not.Null, "in 8 edits over 3 seconds the client was never given a date to revalidate with");
    }

    [Test]
    public async Task Once_the_second_is_over_a_client_holding_the_date_gets_304()
    {
        var article = await Given.ArticleAsync();
        var url = ApiRoutes.For(GetArticleRequest.Route, article["id"]!);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var first = await Anonymous.GetAsync(url);
        using var get = new HttpRequestMessage(HttpMethod.Get, url);
        get.Headers.IfModifiedSince = first.Content.Headers.LastModified;

        var res = await Anonymous.SendAsync(get);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }
}
