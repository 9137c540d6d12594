using System.IO.Compression;
using System.Net;
using System.Text;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cms.Api.Tests.Http;

/// <summary>Swagger UI's files reach a browser as the browser asks for them: Chromium accepts gzip, deflate, br and
/// zstd, and what it gets must decode, by the codings the response names, to the script or stylesheet itself.</summary>
public sealed class SwaggerUiAssetTests : ApiFixture
{
    public const string BrowserAcceptEncoding = "gzip, deflate, br, zstd";

    [TestCase("swagger-ui-bundle.js", "SwaggerUIBundle")]
    [TestCase("swagger-ui-standalone-preset.js", "SwaggerUIStandalonePreset")]
    [TestCase("swagger-ui.css", ".swagger-ui")]
    public async Task A_Swagger_UI_file_decodes_to_the_file_itself_for_a_browser_s_Accept_Encoding(string file, string content)
    {
        var plain = await GetAsync($"/swagger/{file}", acceptEncoding: null);
        var coded = await GetAsync($"/swagger/{file}", BrowserAcceptEncoding);

        Assert.That(coded.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty);
        var decoded = Decode(await coded.Content.ReadAsByteArrayAsync(), coded.Content.Headers.ContentEncoding);
        Assert.That(decoded.Take(2), Is.Not.EqualTo(new byte[] { 0x1f, 0x8b }), "the decoded body is not gzip again");
        Assert.That(Encoding.UTF8.GetString(decoded), Does.Contain(content));
        Assert.That(decoded, Is.EqualTo(await plain.Content.ReadAsByteArrayAsync()), "the same file as a client without compression gets");
    }

    [Test]
    public async Task Each_coding_of_a_Swagger_UI_file_has_its_own_ETag_varies_by_Accept_Encoding_and_revalidates()
    {
        var plain = await GetAsync("/swagger/swagger-ui-bundle.js", acceptEncoding: null);
        var coded = await GetAsync("/swagger/swagger-ui-bundle.js", BrowserAcceptEncoding);

        Assert.That(coded.Headers.ETag, Is.Not.Null.And.Not.EqualTo(plain.Headers.ETag));
        Assert.That(coded.Headers.Vary.Count(v => v.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase)), Is.EqualTo(1));
        using var again = new HttpRequestMessage(HttpMethod.Get, "/swagger/swagger-ui-bundle.js");
        again.Headers.TryAddWithoutValidation("Accept-Encoding", BrowserAcceptEncoding);
        again.Headers.IfNoneMatch.Add(coded.Headers.ETag!);
        Assert.That((await Anonymous.SendAsync(again)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task The_Swagger_UI_page_lets_images_it_received_show_from_blob_URLs_and_nothing_more()
    {
        var res = await GetAsync("/swagger/index.html", BrowserAcceptEncoding);

        var policy = CspDirectives(string.Join(";", res.Headers.GetValues("Content-Security-Policy")));
        Assert.That(policy["img-src"], Is.EquivalentTo(new[] { "'self'", "data:", "blob:" }), "an image response is shown from a blob: URL");
        Assert.That(policy.Where(d => d.Key != "img-src").SelectMany(d => d.Value), Has.None.EqualTo("blob:"));
    }

    [Test]
    public async Task The_page_loads_the_document_relative_to_where_it_is_served()
    {
        var res = await GetAsync("/swagger/index.js", BrowserAcceptEncoding);

        var script = Encoding.UTF8.GetString(Decode(await res.Content.ReadAsByteArrayAsync(), res.Content.Headers.ContentEncoding));

        Assert.That(script, Does.Contain("\"url\":\"v1/swagger.json\""), "a URL from the root would miss a path prefix");
    }

    [Test]
    public async Task A_response_its_writer_compressed_already_is_passed_on_as_written_and_never_served_to_a_client_that_cannot_decode_it()
    {
        var path = $"/coded/{Guid.NewGuid():N}";
        var script = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("window.answer = 42;\n", 200)));
        var gzipped = Compress(script);

        var coded = await RunThroughHttpCachingAsync(path, BrowserAcceptEncoding, ctx => WriteAsync(ctx, gzipped, "gzip", "\"coded\""));
        var plain = await RunThroughHttpCachingAsync(path, null, ctx => WriteAsync(ctx, script, null, "\"plain\""));

        Assert.That(coded.Response.Headers.ContentEncoding.ToString(), Is.EqualTo("gzip"));
        Assert.That(coded.Body, Is.EqualTo(gzipped), "not compressed a second time");
        Assert.That(coded.Response.Headers.ETag.ToString(), Is.EqualTo("\"coded\""), "the writer's tag names the bytes it wrote");
        Assert.That(coded.Response.Headers.Vary.ToString().Split(',', StringSplitOptions.TrimEntries),
            Has.Exactly(1).EqualTo("Accept-Encoding"));
        Assert.That(plain.Response.Headers.ContentEncoding.ToString(), Is.Empty);
        Assert.That(plain.Body, Is.EqualTo(script), "the compressed copy was not kept for other clients");
    }

    async Task<(HttpResponse Response, byte[] Body)> RunThroughHttpCachingAsync(string path, string? acceptEncoding, RequestDelegate writer)
    {
        var services = Factory.Services;
        var caching = new HttpCaching(writer, services.GetRequiredService<IOptions<CmsOptions>>(), services.GetRequiredService<ResponseCache>(), TimeProvider.System);
        var ctx = new DefaultHttpContext { RequestServices = services };
        ctx.Request.Method = HttpMethods.Get;
        ctx.Request.Scheme = "http";
        ctx.Request.Host = new HostString("localhost");
        ctx.Request.Path = path;
        if (acceptEncoding is not null) { ctx.Request.Headers.AcceptEncoding = acceptEncoding; }
        using var body = new MemoryStream();
        ctx.Response.Body = body;

        await caching.InvokeAsync(ctx);

        return (ctx.Response, body.ToArray());
    }

    static async Task WriteAsync(HttpContext ctx, byte[] bytes, string? coding, string etag)
    {
        ctx.Response.ContentType = "text/javascript";
        ctx.Response.Headers.ETag = etag;
        if (coding is not null)
        {
            ctx.Response.Headers.ContentEncoding = coding;
            ctx.Response.Headers.Vary = "Accept-Encoding";
        }
        await ctx.Response.Body.WriteAsync(bytes);
    }

    async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null) { req.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding); }
        var res = await Anonymous.SendAsync(req);
        await res.Content.LoadIntoBufferAsync();
        return res;
    }

    /// <summary>The body decoded as a browser does: the codings in the reverse of the order they were applied.</summary>
    public static byte[] Decode(byte[] body, ICollection<string> codings)
    {
        foreach (var coding in codings.Reverse())
        {
            using var input = new MemoryStream(body);
            using Stream decoder = coding.ToLowerInvariant() switch
            {
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                "gzip" => new GZipStream(input, CompressionMode.Decompress),
                "deflate" => new ZLibStream(input, CompressionMode.Decompress),
                _ => throw new AssertionException($"a coding the browser did not offer: {coding}"),
            };
            using var output = new MemoryStream();
            decoder.CopyTo(output);
            body = output.ToArray();
        }
        return body;
    }

    static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) { gzip.Write(bytes); }
        return output.ToArray();
    }

    public static Dictionary<string, string[]> CspDirectives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);
}
