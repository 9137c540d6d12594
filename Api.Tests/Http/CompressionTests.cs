using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Feeds;
using Cms.Api.Features.Health;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Http;

/// <summary>JSON and XML go compressed to clients that accept it (brotli or gzip), each coding with an ETag of its own;
/// what a client gets decompresses to exactly the uncompressed answer.</summary>
public sealed class CompressionTests : ApiFixture
{
    long articleId;
    string feed = null!;

    [OneTimeSetUp]
    public async Task PublishTheSeedArticle()
    {
        var article = await Given.ArticleAsync(bodyHtml: SeedArticle.BodyHtml, tags: ["长岭", "共青团"]);
        articleId = (long)article["id"]!;
        feed = ApiRoutes.For(StationFeedRequest.Route, (string)article["station"]!["slug"]!, "rss");
    }

    [TestCase("br", "br")]
    [TestCase("gzip", "gzip")]
    [TestCase("gzip, deflate, br, zstd", "br")]
    [TestCase("br;q=0.5, gzip", "gzip")]
    [TestCase("*", "br")]
    [TestCase("br;q=0, *", "gzip")]
    public async Task An_article_comes_in_the_coding_the_client_prefers_and_decompresses_to_the_same_bytes(string accept, string expected)
    {
        var plain = await GetAsync(Anonymous, ApiRoutes.For(GetArticleRequest.Route, articleId));
        var compressed = await GetAsync(Anonymous, ApiRoutes.For(GetArticleRequest.Route, articleId), accept);

        Assert.That(compressed.Content.Headers.ContentEncoding, Is.EqualTo(new[] { expected }));
        var bytes = await compressed.Content.ReadAsByteArrayAsync();
        Assert.That(Decompress(bytes, expected), Is.EqualTo(await plain.Content.ReadAsByteArrayAsync()));
        Assert.That(compressed.Content.Headers.ContentLength, Is.EqualTo(bytes.Length));
        Assert.That(compressed.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(compressed.Headers.Vary, Has.Some.EqualTo("Accept-Encoding"));
    }

    [TestCase("identity")]
    [TestCase("br;q=0, gzip;q=0")]
    [TestCase("deflate")]
    [TestCase("*;q=0")]
    public async Task A_client_that_accepts_neither_gets_the_bytes_as_they_are(string accept)
    {
        var res = await GetAsync(Anonymous, ApiRoutes.For(GetArticleRequest.Route, articleId), accept);

        Assert.That(res.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That((string?)JsonNode.Parse(await res.Content.ReadAsStringAsync())!["title"], Is.EqualTo(SeedArticle.Title));
        Assert.That(res.Headers.Vary, Has.Some.EqualTo("Accept-Encoding"));
    }

    [Test]
    public async Task A_feed_of_full_articles_shrinks_to_a_fraction()
    {
        var plain = await GetAsync(Anonymous, feed);
        var brotli = await GetAsync(Anonymous, feed, "br");
        var gzip = await GetAsync(Anonymous, feed, "gzip");

        var size = (await plain.Content.ReadAsByteArrayAsync()).Length;
        Assert.That((await brotli.Content.ReadAsByteArrayAsync()).Length, Is.LessThan(size / 2));
        Assert.That((await gzip.Content.ReadAsByteArrayAsync()).Length, Is.LessThan(size / 2));
        Assert.That(Decompress(await gzip.Content.ReadAsByteArrayAsync(), "gzip"), Is.EqualTo(await plain.Content.ReadAsByteArrayAsync()));
    }

    [Test]
    public async Task Each_coding_has_its_own_strong_ETag_and_is_revalidated_with_it()
    {
        var plain = await GetAsync(Anonymous, ApiRoutes.For(GetArticleRequest.Route, articleId));
        var brotli = await GetAsync(Anonymous, ApiRoutes.For(GetArticleRequest.Route, articleId), "br");
        var gzip = await GetAsync(Anonymous, ApiRoutes.For(GetArticleRequest.Route, articleId), "gzip");

        var tags = new[] { plain.Headers.ETag!, brotli.Headers.ETag!, gzip.Headers.ETag! };
        Assert.That(tags.Select(t => t.IsWeak), Has.All.False);
        Assert.That(tags.Select(t => t.Tag).Distinct().Count(), Is.EqualTo(3));

        var revalidated = await GetAsync(Anonymous, ApiRoutes.For(GetArticleRequest.Route, articleId), "br", brotli.Headers.ETag!.Tag);

        Assert.That(revalidated.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(revalidated.Headers.ETag?.Tag, Is.EqualTo(brotli.Headers.ETag.Tag));
    }

    [Test]
    public async Task A_cache_holding_several_codings_learns_from_the_304_which_one_is_still_good()
    {
        var gzip = await GetAsync(Anonymous, ApiRoutes.For(GetArticleRequest.Route, articleId), "gzip");

        var res = await GetAsync(Anonymous, ApiRoutes.For(GetArticleRequest.Route, articleId), "br", $"\"stale-copy\", {gzip.Headers.ETag!.Tag}");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(res.Headers.ETag?.Tag, Is.EqualTo(gzip.Headers.ETag.Tag));
    }

    [Test]
    public async Task A_changed_article_is_not_304_for_any_coding_of_its_old_version()
    {
        var article = await Given.ArticleAsync(bodyHtml: SeedArticle.BodyHtml);
        var path = ApiRoutes.For(GetArticleRequest.Route, article["id"]!);
        var before = await GetAsync(Anonymous, path, "br");

        var edit = await Admin.PatchAsync(path, new StringContent("""{"subtitle":"长岭县"}""", new MediaTypeHeaderValue("application/merge-patch+json")));
        Assert.That(edit.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var after = await GetAsync(Anonymous, path, "br", before.Headers.ETag!.Tag);

        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var json = JsonNode.Parse(Decompress(await after.Content.ReadAsByteArrayAsync(), "br"))!;
        Assert.That((string?)json["subtitle"], Is.EqualTo("长岭县"));
    }

    [Test]
    public async Task An_editor_gets_compressed_private_answers_whose_ETag_works_in_If_Match()
    {
        var article = await Given.ArticleAsync(status: "draft", bodyHtml: SeedArticle.BodyHtml);
        var path = ApiRoutes.For(GetArticleRequest.Route, article["id"]!);
        using var editor = StrictClientWithKey(CmsFactory.AdminKey);
        var read = await GetAsync(editor, path, "gzip");
        Assert.That(read.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(read.Headers.CacheControl?.NoStore, Is.True);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent("""{"subtitle":"松原站"}""", new MediaTypeHeaderValue("application/merge-patch+json")),
        };
        patch.Headers.IfMatch.Add(read.Headers.ETag!);
        var res = await editor.SendAsync(patch);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Small_answers_are_not_compressed()
    {
        var res = await GetAsync(Anonymous, GetLivenessEndpoint.Route, "br, gzip");

        Assert.That(res.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(res.Content.Headers.ContentLength, Is.LessThan(1024));
    }

    [Test]
    public async Task Image_bytes_are_sent_as_they_are()
    {
        var medium = await Given.MediaAsync(TestImages.Jpeg(400, 300));
        var path = ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!);

        var res = await GetAsync(Anonymous, path, "br, gzip");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
    }

    [Test]
    public async Task Answers_from_the_servers_cache_are_compressed_like_fresh_ones()
    {
        // A station of its own: the portal feed would change whenever another fixture on this host publishes.
        var section = await Given.SectionAsync();
        for (var i = 0; i < 4; i++) { await Given.ArticleAsync(section: section); }
        var path = ApiRoutes.For(StationJsonFeedRequest.Route, section.StationId);

        var first = await GetAsync(Anonymous, path, "br");
        var second = await GetAsync(Anonymous, path, "br");

        Assert.That(first.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }), "large enough to be compressed");
        Assert.That(second.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
        Assert.That(second.Headers.ETag?.Tag, Is.EqualTo(first.Headers.ETag?.Tag));
        Assert.That(Decompress(await second.Content.ReadAsByteArrayAsync(), "br"),
            Is.EqualTo(Decompress(await first.Content.ReadAsByteArrayAsync(), "br")));
    }

    static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? acceptEncoding = null, string? ifNoneMatch = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null) { req.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding); }
        if (ifNoneMatch is not null) { req.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch); }
        var res = await client.SendAsync(req);
        await res.Content.LoadIntoBufferAsync();
        return res;
    }

    static byte[] Decompress(byte[] bytes, string coding)
    {
        using var input = new MemoryStream(bytes);
        using Stream decompressor = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decompressor.CopyTo(output);
        return output.ToArray();
    }
}
