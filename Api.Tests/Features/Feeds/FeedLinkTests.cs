using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Cms.Api.Features.Feeds;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Feeds;

/// <summary>Feeds of an API without Cms:PublicBaseUrl or Cms:ArticleUrlTemplate: links follow the request, ids do not.</summary>
public sealed class FeedLinkTests : ApiFixture
{
    static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    static readonly string[] Formats = ["rss", "atom", "json"];

    [Test]
    public async Task Without_a_page_template_an_Atom_entry_links_to_the_articles_JSON_typed_application_json()
    {
        var (station, article) = await StationWithArticleAsync();

        var feed = XDocument.Parse(await TextAsync(ApiRoutes.For(StationFeedRequest.Route, station["slug"]!, "atom")));

        var entry = feed.Root!.Elements(Atom + "entry").Single();
        var links = entry.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "alternate").ToList();
        Assert.That(links.Select(l => (string?)l.Attribute("type")), Is.EqualTo(new[] { "application/json" }));
        Assert.That(new Uri((string)links[0].Attribute("href")!).AbsolutePath, Is.EqualTo($"/api/v1/articles/{article.Id()}"));
    }

    [TestCaseSource(nameof(Formats))]
    public async Task A_feeds_home_link_is_a_page_that_exists(string format)
    {
        var (station, _) = await StationWithArticleAsync();
        var author = await Given.AuthorAsync("李雪");
        string[] urls =
        [
            ApiRoutes.For(PortalFeedRequest.Route, format),
            ApiRoutes.For(StationFeedRequest.Route, station["slug"]!, format),
            ApiRoutes.For(AuthorFeedRequest.Route, author["slug"]!, format),
        ];

        foreach (var url in urls)
        {
            var home = Home(await TextAsync(url), format);
            var res = await Anonymous.GetAsync(new Uri(home).PathAndQuery);

            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url} names {home} as its home");
        }
    }

    [TestCaseSource(nameof(Formats))]
    public async Task An_items_id_does_not_change_with_the_host_or_scheme_a_feed_is_read_through(string format)
    {
        var (station, article) = await StationWithArticleAsync();
        var url = ApiRoutes.For(StationFeedRequest.Route, station["slug"]!, format);

        var direct = await TextAsync(url);
        var proxied = await TextAsync(url, ("Host", "cdn.example.org"), ("X-Forwarded-Proto", "https"));

        Assert.That(proxied, Does.Contain("://cdn.example.org/api/v1/feeds/"));
        Assert.That(Ids(proxied, format), Is.EqualTo(Ids(direct, format)));
        Assert.That(Ids(direct, format), Is.EqualTo(new[] { $"urn:cms:article:{article.Id()}" }));
    }

    async Task<(JsonNode Station, JsonNode Article)> StationWithArticleAsync()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync(station.Id());
        var article = await Given.ArticleAsync(section: (station.Id(), channel.Id()));
        return (station, article);
    }

    async Task<string> TextAsync(string url, params (string Name, string Value)[] headers)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers) { req.Headers.TryAddWithoutValidation(name, value); }
        var res = await Anonymous.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return text;
    }

    static string Home(string text, string format) => format switch
    {
        "rss" => (string)XDocument.Parse(text).Root!.Element("channel")!.Element("link")!,
        "atom" => (string)XDocument.Parse(text).Root!.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!,
        _ => (string)JsonNode.Parse(text)!["home_page_url"]!,
    };

    static List<string> Ids(string text, string format) => format switch
    {
        "rss" => XDocument.Parse(text).Root!.Element("channel")!.Elements("item").Select(i => (string)i.Element("guid")!).ToList(),
        "atom" => XDocument.Parse(text).Root!.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "id")!).ToList(),
        _ => JsonNode.Parse(text)!["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList(),
    };
}
