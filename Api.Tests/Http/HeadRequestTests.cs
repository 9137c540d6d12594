using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Feeds;
using Cms.Api.Features.Maintenance;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Http;

/// <summary>HEAD answers every GET route with the GET's status and headers and no body: what link checkers, monitors
/// and `curl -I` rely on.</summary>
public sealed class HeadRequestTests : ApiFixture
{
    // Last-Modified is sent once the second of the change is over: the article test moves the clock past it.
    protected override bool MovesClock => true;

    [Test]
    public async Task A_HEAD_of_an_article_has_the_headers_of_its_GET_and_no_body()
    {
        var article = await Given.ArticleAsync(bodyHtml: SeedArticle.BodyHtml);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var path = ApiRoutes.For(GetArticleRequest.Route, article["id"]!);
        var get = await Anonymous.GetAsync(path);

        var head = await SendAsync(HttpMethod.Head, path);

        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(head.Content.Headers.ContentLength, Is.EqualTo((await get.Content.ReadAsByteArrayAsync()).Length));
        Assert.That(head.Content.Headers.ContentType?.ToString(), Is.EqualTo(get.Content.Headers.ContentType?.ToString()));
        Assert.That(head.Headers.ETag, Is.EqualTo(get.Headers.ETag));
        Assert.That(head.Content.Headers.LastModified, Is.Not.Null.And.EqualTo(get.Content.Headers.LastModified));
        Assert.That(head.Headers.CacheControl?.Public, Is.True);
    }

    [Test]
    public async Task A_HEAD_revalidates_like_a_GET()
    {
        var article = await Given.ArticleAsync();
        var path = ApiRoutes.For(GetArticleRequest.Route, article["id"]!);
        var etag = (await Anonymous.GetAsync(path)).Headers.ETag!.Tag;

        var head = await SendAsync(HttpMethod.Head, path, ("If-None-Match", etag));

        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task A_HEAD_of_what_does_not_exist_is_404()
    {
        var head = await SendAsync(HttpMethod.Head, ApiRoutes.For(GetArticleRequest.Route, 987654321));

        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task A_HEAD_of_an_image_gives_its_type_and_length_without_the_bytes()
    {
        var jpeg = TestImages.Jpeg(320, 240);
        var medium = await Given.MediaAsync(jpeg);

        var head = await SendAsync(HttpMethod.Head, ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));

        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        Assert.That(head.Content.Headers.ContentLength, Is.EqualTo((long)medium["byteSize"]!));
        Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task A_HEAD_of_a_compressed_answer_gives_the_compressed_length()
    {
        var section = await Given.SectionAsync();
        await Given.ArticleAsync(bodyHtml: SeedArticle.BodyHtml, section: section);
        var feed = ApiRoutes.For(StationFeedRequest.Route, section.StationId, "json");
        var get = await SendAsync(HttpMethod.Get, feed, ("Accept-Encoding", "br"));

        var head = await SendAsync(HttpMethod.Head, feed, ("Accept-Encoding", "br"));

        Assert.That(head.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
        Assert.That(head.Content.Headers.ContentLength, Is.EqualTo((await get.Content.ReadAsByteArrayAsync()).Length));
    }

    [Test]
    public async Task A_HEAD_of_a_route_that_only_writes_is_405_naming_the_method_it_takes()
    {
        var head = await SendAsync(HttpMethod.Head, ApiRoutes.For(CreateBackupEndpoint.Route), ("Authorization", $"Bearer {CmsFactory.AdminKey}"));

        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(head.Content.Headers.Allow, Is.EqualTo(new[] { "POST" }));
    }

    async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var req = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers) { req.Headers.TryAddWithoutValidation(name, value); }
        var res = await Anonymous.SendAsync(req);
        await res.Content.LoadIntoBufferAsync();
        return res;
    }
}
