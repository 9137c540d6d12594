using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Http;

/// <summary>Any web page may read the public content; only the newsroom's own web apps may write from a browser.</summary>
public sealed class CorsTests : ApiFixture
{
    const string Editor = "https://editor.example.com";
    const string LocalTool = "http://localhost:5173";
    const string Stranger = "https://elsewhere.example.net";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:Cors:AllowedOrigins:0"] = Editor,
        ["Cms:Cors:AllowedOrigins:1"] = "HTTP://LOCALHOST:5173/",
    };

    [Test]
    public async Task A_public_read_from_any_origin_may_be_read_by_the_page_without_credentials()
    {
        var res = await SendAsync(Anonymous, HttpMethod.Get, ApiRoutes.For(ListStationsRequest.Route), Stranger);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(res, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
        Assert.That(Header(res, "Access-Control-Allow-Credentials"), Is.Null);
        Assert.That(Header(res, "Access-Control-Expose-Headers"), Does.Contain("ETag").And.Contain("Last-Modified").And.Contain("Retry-After"));
    }

    [Test]
    public async Task A_public_read_allows_every_origin_even_when_the_request_names_none_so_a_CDN_copy_serves_all_pages()
    {
        var res = await Anonymous.GetAsync(ApiRoutes.For(ListStationsRequest.Route));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(res, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
    }

    [Test]
    public async Task A_preflight_for_a_conditional_read_from_any_origin_is_granted()
    {
        var res = await PreflightAsync(ApiRoutes.For(ListStationsRequest.Route), Stranger, "GET", "if-none-match");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(res, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
        Assert.That(Header(res, "Access-Control-Allow-Headers"), Does.Contain("If-None-Match"));
        Assert.That(Header(res, "Access-Control-Allow-Credentials"), Is.Null);
    }

    [Test]
    public async Task A_preflight_for_a_write_from_an_allowed_origin_gets_the_origin_methods_and_headers()
    {
        var res = await PreflightAsync(ApiRoutes.For(UpdateStationRequest.Route, 1), Editor, "PUT", "authorization, content-type, if-match");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(res, "Access-Control-Allow-Origin"), Is.EqualTo(Editor));
        Assert.That(res.Headers.Vary, Does.Contain("Origin"));
        Assert.That(List(Header(res, "Access-Control-Allow-Methods")), Is.EquivalentTo(new[] { "GET", "POST", "PUT", "PATCH", "DELETE" }));
        Assert.That(List(Header(res, "Access-Control-Allow-Headers")),
            Is.EquivalentTo(new[] { "Authorization", "Content-Type", "If-Match", "If-None-Match" }));
        Assert.That(Header(res, "Access-Control-Allow-Credentials"), Is.Null);
    }

    [Test]
    public async Task Allowed_origins_are_matched_as_browsers_send_them()
    {
        var res = await PreflightAsync(ApiRoutes.For(CreateArticleRequest.Route), LocalTool, "POST", "authorization, content-type");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(res, "Access-Control-Allow-Origin"), Is.EqualTo(LocalTool));
    }

    [TestCase("PUT")]
    [TestCase("POST")]
    [TestCase("PATCH")]
    [TestCase("DELETE")]
    public async Task A_preflight_for_a_write_from_another_origin_is_refused_with_a_403_problem(string method)
    {
        var res = await PreflightAsync(ApiRoutes.For(UpdateStationRequest.Route, 1), Stranger, method, "authorization, content-type");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(Header(res, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(Header(res, "Access-Control-Allow-Methods"), Is.Null);
        Assert.That((string?)problem["detail"], Does.Contain(Stranger).And.Contain("Cms:Cors:AllowedOrigins"));
    }

    [Test]
    public async Task A_write_from_an_allowed_origin_gets_its_origin_back_with_Vary_Origin()
    {
        var res = await SendAsync(Admin, HttpMethod.Post, ApiRoutes.For(CreateStationRequest.Route), Editor,
            JsonContent(new { slug = Given.UniqueSlug("cors"), name = "松原站" }));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Created), await res.Content.ReadAsStringAsync());
        Assert.That(Header(res, "Access-Control-Allow-Origin"), Is.EqualTo(Editor));
        Assert.That(res.Headers.Vary, Does.Contain("Origin"));
        Assert.That(Header(res, "Access-Control-Expose-Headers"), Does.Contain("Location").And.Contain("ETag"));
        Assert.That(Header(res, "Access-Control-Allow-Credentials"), Is.Null);
    }

    [Test]
    public async Task A_write_from_another_origin_gets_no_CORS_allowance()
    {
        var res = await SendAsync(Admin, HttpMethod.Post, ApiRoutes.For(CreateStationRequest.Route), Stranger,
            JsonContent(new { slug = Given.UniqueSlug("cors"), name = "松原站" }));

        Assert.That(Header(res, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(Header(res, "Access-Control-Expose-Headers"), Is.Null);
        Assert.That(res.Headers.Vary, Does.Contain("Origin"));
    }

    [Test]
    public async Task An_error_on_a_write_from_an_allowed_origin_can_be_read_by_the_page()
    {
        var res = await SendAsync(Anonymous, HttpMethod.Post, ApiRoutes.For(CreateStationRequest.Route), Editor,
            JsonContent(new { slug = Given.UniqueSlug("cors"), name = "松原站" }));

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(Header(res, "Access-Control-Allow-Origin"), Is.EqualTo(Editor));
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string origin, HttpContent? content = null)
    {
        using var req = new HttpRequestMessage(method, url) { Content = content };
        req.Headers.Add("Origin", origin);
        return await client.SendAsync(req);
    }

    async Task<HttpResponseMessage> PreflightAsync(string url, string origin, string method, string headers)
    {
        using var req = new HttpRequestMessage(HttpMethod.Options, url);
        req.Headers.Add("Origin", origin);
        req.Headers.Add("Access-Control-Request-Method", method);
        req.Headers.Add("Access-Control-Request-Headers", headers);
        return await Anonymous.SendAsync(req);
    }

    internal static string? Header(HttpResponseMessage res, string name) =>
        res.Headers.TryGetValues(name, out var values) || res.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    static List<string> List(string? header) => header?.Split(',', StringSplitOptions.TrimEntries).ToList() ?? [];

    static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}

/// <summary>With public reads turned off, reads are cross-origin only for the allowed origins too.</summary>
public sealed class CorsWithoutPublicReadsTests : ApiFixture
{
    const string Editor = "https://editor.example.com";
    const string Stranger = "https://elsewhere.example.net";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:Cors:AllowedOrigins:0"] = Editor,
        ["Cms:Cors:PublicReads"] = "false",
    };

    [Test]
    public async Task A_read_from_another_origin_gets_no_CORS_allowance()
    {
        var res = await CorsTests.SendAsync(Anonymous, HttpMethod.Get, ApiRoutes.For(ListStationsRequest.Route), Stranger);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(CorsTests.Header(res, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(res.Headers.Vary, Does.Contain("Origin"));
    }

    [Test]
    public async Task A_read_from_an_allowed_origin_gets_its_origin_back()
    {
        var res = await CorsTests.SendAsync(Anonymous, HttpMethod.Get, ApiRoutes.For(ListStationsRequest.Route), Editor);

        Assert.That(CorsTests.Header(res, "Access-Control-Allow-Origin"), Is.EqualTo(Editor));
        Assert.That(res.Headers.Vary, Does.Contain("Origin"));
    }

    [Test]
    public async Task A_preflight_for_a_read_from_another_origin_is_refused()
    {
        using var req = new HttpRequestMessage(HttpMethod.Options, ApiRoutes.For(ListStationsRequest.Route));
        req.Headers.Add("Origin", Stranger);
        req.Headers.Add("Access-Control-Request-Method", "GET");

        var res = await Anonymous.SendAsync(req);

        await res.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(CorsTests.Header(res, "Access-Control-Allow-Origin"), Is.Null);
    }
}
