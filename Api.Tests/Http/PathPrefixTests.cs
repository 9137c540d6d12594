using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cms.Api.Features.Feeds;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Cms.Api.Tests.Http;

/// <summary>A proxy that mounts the API under a path (/cms) says so in X-Forwarded-Prefix. From a trusted proxy the
/// API then writes every link under that path, and its document names it as the server, so Swagger UI and generated
/// clients call the API where they found it.</summary>
public sealed class ForwardedPrefixTests : ApiFixture
{
    const string Prefix = "/cms";

    protected override void ConfigureHost(IWebHostBuilder builder) => ClientAddressHeader.Attach(builder);

    [Test]
    public async Task The_document_read_through_a_trusted_proxy_names_the_prefix_as_its_server()
    {
        using var proxied = Proxied("127.0.0.1");

        var doc = await (await proxied.GetAsync("/swagger/v1/swagger.json")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(Servers(doc), Is.EqualTo(new[] { Prefix }));
    }

    [Test]
    public async Task The_document_read_without_a_proxy_names_the_root_as_its_server()
    {
        var doc = await (await Anonymous.GetAsync("/swagger/v1/swagger.json")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(Servers(doc), Is.EqualTo(new[] { "/" }));
    }

    [Test]
    public async Task A_prefix_claimed_by_a_client_that_connects_directly_is_ignored()
    {
        using var direct = Proxied("203.0.113.9");

        var doc = await (await direct.GetAsync("/swagger/v1/swagger.json")).ExpectJsonAsync(HttpStatusCode.OK);
        var feed = await (await direct.GetAsync(ApiRoutes.For(PortalFeedRequest.Route, "json"))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(Servers(doc), Is.EqualTo(new[] { "/" }));
        Assert.That((string?)feed["feed_url"], Is.EqualTo("http://localhost/api/v1/feeds/articles.json"));
    }

    [Test]
    public async Task Locations_of_created_resources_lead_under_the_prefix()
    {
        using var proxied = Proxied("127.0.0.1", CmsFactory.AdminKey);

        var res = await proxied.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug = Given.UniqueSlug("proxied"), name = "白城站" });

        var station = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(res.Headers.Location?.OriginalString, Does.EndWith($"{Prefix}/api/v1/stations/{(long)station["id"]!}"));
    }

    [Test]
    public async Task Absolute_URLs_in_JSON_and_feeds_lead_under_the_prefix()
    {
        using var proxied = Proxied("127.0.0.1", CmsFactory.AdminKey);

        var medium = await new Given(proxied).MediaAsync();
        var feed = await (await proxied.GetAsync(ApiRoutes.For(PortalFeedRequest.Route, "json"))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That((string?)medium["url"], Does.StartWith($"http://localhost{Prefix}/api/v1/media/{(long)medium["id"]!}/content"));
        Assert.That((string?)feed["feed_url"], Is.EqualTo($"http://localhost{Prefix}/api/v1/feeds/articles.json"));
        Assert.That((string?)feed["home_page_url"], Is.EqualTo($"http://localhost{Prefix}/api/v1/articles"), "without a page template, home is the feed's article list");
    }

    /// <summary>A client whose requests arrive from <paramref name="from"/> as a proxy mounting the API at /cms sends them.</summary>
    HttpClient Proxied(string from, string? key = null)
    {
        var client = Factory.CreateDefaultClient(new ProxyHeaders(from, Prefix));
        if (key is not null) { client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key); }
        return client;
    }

    public static IEnumerable<string> Servers(JsonNode doc) => doc["servers"]!.AsArray().Select(s => (string)s!["url"]!);

    sealed class ProxyHeaders(string from, string prefix) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add(ClientAddressHeader.Name, from);
            request.Headers.Add("X-Forwarded-For", "198.51.100.20");
            request.Headers.Add("X-Forwarded-Prefix", prefix);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>A proxy that passes /cms/... on unchanged needs Cms:PathBase=/cms: the API answers there, links lead
/// there, and the document names it.</summary>
public sealed class ConfiguredPathBaseTests : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cms:PathBase"] = "/cms" };

    [Test]
    public async Task The_API_answers_under_the_path_base_and_its_document_names_it_as_the_server()
    {
        var doc = await (await Anonymous.GetAsync("/cms/swagger/v1/swagger.json")).ExpectJsonAsync(HttpStatusCode.OK);
        var stations = await Anonymous.GetAsync("/cms" + ApiRoutes.For(ListStationsRequest.Route));

        Assert.That(ForwardedPrefixTests.Servers(doc), Is.EqualTo(new[] { "/cms" }));
        Assert.That(stations.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Links_written_for_a_request_under_the_path_base_lead_there()
    {
        var res = await Admin.PostJsonAsync("/cms" + ApiRoutes.For(CreateStationRequest.Route), new { slug = Given.UniqueSlug("based"), name = "白城站" });
        var feed = await (await Anonymous.GetAsync("/cms" + ApiRoutes.For(PortalFeedRequest.Route, "json"))).ExpectJsonAsync(HttpStatusCode.OK);

        var station = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(res.Headers.Location?.OriginalString, Does.EndWith($"/cms/api/v1/stations/{(long)station["id"]!}"));
        Assert.That((string?)feed["feed_url"], Is.EqualTo("http://localhost/cms/api/v1/feeds/articles.json"));
    }

    [TestCase("cms")]
    [TestCase("/cms/")]
    [TestCase(" /cms ")]
    public void A_path_base_is_one_leading_slash_and_no_trailing_one(string configured) =>
        Assert.That(Cms.Api.Infrastructure.PathBases.Normalize(configured), Is.EqualTo("/cms"));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("/")]
    public void An_empty_path_base_means_the_root(string? configured) =>
        Assert.That(Cms.Api.Infrastructure.PathBases.Normalize(configured), Is.Null);
}
