using System.Net;
using System.Text.RegularExpressions;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Feeds;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Http;

/// <summary>Whatever a response is, a browser may not sniff it, frame it, leak the URL it came from, or run anything in it.</summary>
public sealed partial class SecurityHeadersTests : ApiFixture
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    static readonly string[] Responses =
    [
        "a 200 read", "a 201 write", "a 400 bad request", "a 401 without a key", "a 404 unknown path", "a 404 missing article",
        "a 405 wrong method", "a 304 revalidation", "media content", "a 206 range of media content", "a 304 of media content", "an RSS feed",
    ];

    [TestCaseSource(nameof(Responses))]
    public async Task Every_response_carries_the_security_headers_and_the_API_policy(string response)
    {
        var res = await ResponseAsync(response);

        AssertSecurityHeaders(res, ApiPolicy);
    }

    [Test]
    public async Task The_Swagger_UI_page_has_a_policy_of_its_own_that_runs_only_its_own_scripts()
    {
        var res = await Anonymous.GetAsync("/swagger/index.html");
        var html = await res.Content.ReadAsStringAsync();

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var policy = Directives(CorsTests.Header(res, "Content-Security-Policy"));
        Assert.That(policy["script-src"], Is.EqualTo(new[] { "'self'" }), "scripts from /swagger only: no inline or eval");
        Assert.That(policy["style-src"], Does.Contain("'self'"));
        Assert.That(policy["img-src"], Does.Contain("'self'").And.Contain("data:"), "Swagger UI's stylesheet draws its icons from data: URIs");
        Assert.That(policy["connect-src"], Does.Contain("'self'"), "the page fetches the document and runs 'Try it out' here");
        Assert.That(policy["frame-ancestors"], Is.EqualTo(new[] { "'none'" }));
        var scripts = ScriptTag().Matches(html).Select(m => m.Groups["attributes"].Value).ToList();
        Assert.That(scripts, Is.Not.Empty);
        Assert.That(scripts, Has.All.Match("src=\"(\\./)?[\\w.-]+\\.js\""), "every script is a file beside the page, which 'self' allows");
        Assert.That(ScriptTag().Matches(html).Select(m => m.Groups["body"].Value.Trim()), Has.All.Empty, "no inline script");
        AssertSecurityHeaders(res, CorsTests.Header(res, "Content-Security-Policy")!);
    }

    [Test]
    public async Task Swagger_UI_s_scripts_and_styles_are_served_from_its_own_path()
    {
        var html = await Anonymous.GetStringAsync("/swagger/index.html");
        var files = AssetReference().Matches(html).Select(m => m.Groups["file"].Value).ToList();

        Assert.That(files, Has.Some.EndsWith(".js").And.Some.EndsWith(".css"));
        foreach (var file in files)
        {
            var res = await Anonymous.GetAsync("/swagger/" + file.TrimStart('.', '/'));

            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), file);
        }
    }

    [Test]
    public async Task The_Swagger_policy_applies_only_under_swagger()
    {
        var swagger = await Anonymous.GetAsync("/swagger/index.html");
        var api = await Anonymous.GetAsync(ApiRoutes.For(ListStationsRequest.Route));

        Assert.That(CorsTests.Header(swagger, "Content-Security-Policy"), Is.Not.EqualTo(ApiPolicy));
        Assert.That(CorsTests.Header(api, "Content-Security-Policy"), Is.EqualTo(ApiPolicy));
    }

    public static void AssertSecurityHeaders(HttpResponseMessage res, string policy)
    {
        Assert.That(CorsTests.Header(res, "X-Content-Type-Options"), Is.EqualTo("nosniff"), $"{(int)res.StatusCode} X-Content-Type-Options");
        Assert.That(CorsTests.Header(res, "Referrer-Policy"), Is.EqualTo("no-referrer"), $"{(int)res.StatusCode} Referrer-Policy");
        Assert.That(CorsTests.Header(res, "X-Frame-Options"), Is.EqualTo("DENY"), $"{(int)res.StatusCode} X-Frame-Options");
        Assert.That(CorsTests.Header(res, "Content-Security-Policy"), Is.EqualTo(policy), $"{(int)res.StatusCode} Content-Security-Policy");
    }

    async Task<HttpResponseMessage> ResponseAsync(string response)
    {
        switch (response)
        {
            case "a 200 read":
                return await Expect(HttpStatusCode.OK, await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, (await Given.StationAsync()).Id())));
            case "a 201 write":
                return await Expect(HttpStatusCode.Created, await Admin.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug = Given.UniqueSlug("s"), name = "松原站" }));
            case "a 400 bad request":
                return await Expect(HttpStatusCode.BadRequest, await Admin.PostRawAsync(ApiRoutes.For(CreateStationRequest.Route), "{"));
            case "a 401 without a key":
                return await Expect(HttpStatusCode.Unauthorized, await Anonymous.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug = "x", name = "x" }));
            case "a 404 unknown path":
                return await Expect(HttpStatusCode.NotFound, await Anonymous.GetAsync("/api/v1/nothing-here"));
            case "a 404 missing article":
                return await Expect(HttpStatusCode.NotFound, await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, 987654321)));
            case "a 405 wrong method":
                return await Expect(HttpStatusCode.MethodNotAllowed, await Admin.PatchAsync(ApiRoutes.For(ListStationsRequest.Route), null));
            case "a 304 revalidation":
                return await Revalidate(ApiRoutes.For(GetStationRequest.Route, (await Given.StationAsync()).Id()));
            case "media content":
                return await Expect(HttpStatusCode.OK, await Anonymous.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, (await Given.MediaAsync()).Id())));
            case "a 206 range of media content":
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.For(GetMediaContentRequest.Route, (await Given.MediaAsync()).Id()));
                req.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 9);
                return await Expect(HttpStatusCode.PartialContent, await Anonymous.SendAsync(req));
            }
            case "a 304 of media content":
                return await Revalidate(ApiRoutes.For(GetMediaContentRequest.Route, (await Given.MediaAsync()).Id()));
            case "an RSS feed":
                return await Expect(HttpStatusCode.OK, await Anonymous.GetAsync(ApiRoutes.For(PortalFeedRequest.Route, "rss")));
            default:
                throw new ArgumentOutOfRangeException(nameof(response), response, null);
        }
    }

    async Task<HttpResponseMessage> Revalidate(string url)
    {
        var first = await Anonymous.GetAsync(url);
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        return await Expect(HttpStatusCode.NotModified, await Anonymous.SendAsync(req));
    }

    static async Task<HttpResponseMessage> Expect(HttpStatusCode status, HttpResponseMessage res)
    {
        Assert.That(res.StatusCode, Is.EqualTo(status), await res.Content.ReadAsStringAsync());
        return res;
    }

    static Dictionary<string, string[]> Directives(string? policy) =>
        (policy ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);

    [GeneratedRegex(@"<script(?<attributes>[^>]*)>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"(?:src|href)=""(?<file>\.?/?[\w.-]+\.(?:js|css))""")]
    private static partial Regex AssetReference();
}
