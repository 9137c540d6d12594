using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cms.Api.Features.Feeds;
using Cms.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Tests.Features.Feeds;

/// <summary>Issue #13 rows 4 and 5: what a feed carries as HTML is sanitized HTML and its text stays text (RSS readers
/// render &lt;description&gt; as HTML), and no stored character makes a feed fail.</summary>
public sealed partial class FeedEscapingTests : ApiFixture
{
    static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    /// <summary>A feed of its own: U+0001 goes into the database past the API.</summary>
    protected override bool NeedsDatabaseOfItsOwn => true;

    const string EscapedImg = "&lt;img src=x onerror=alert(1)&gt;";
    const string Img = "<img src=x onerror=alert(1)>";

    [TestCase(EscapedImg)]
    [TestCase(Img)]
    [TestCase("团委 & 青年 " + EscapedImg + " " + Img)]
    public async Task An_RSS_description_shows_the_summary_as_text_even_to_a_reader_that_renders_it_as_HTML(string summary)
    {
        var (stationSlug, section) = await StationAsync();
        var article = await ArticleAsync(section, summary, "<p>近年来,共青团长岭县委扎实推进县域共青团基层组织改革工作。</p>");

        var description = (string)RssItem(await XmlAsync(Feed(stationSlug, "rss")), article).Element("description")!;

        Assert.That(description, Does.Not.Contain("<"), "no markup once the XML is parsed");
        Assert.That(System.Net.WebUtility.HtmlDecode(description), Is.EqualTo(summary), "rendered as HTML, it reads as the summary");
    }

    [Test]
    public async Task An_RSS_description_excerpted_from_the_body_never_turns_escaped_text_into_markup()
    {
        var (stationSlug, section) = await StationAsync();
        var article = await ArticleAsync(section, null, $"<p>长岭县 {EscapedImg} 团委</p>");

        var description = (string)RssItem(await XmlAsync(Feed(stationSlug, "rss")), article).Element("description")!;

        Assert.That(description, Does.Not.Contain("<"), description);
        Assert.That(System.Net.WebUtility.HtmlDecode(description), Does.Contain(Img), "the text the body shows");
    }

    [Test]
    public async Task Content_encoded_Atom_content_and_JSON_content_html_carry_the_sanitized_body()
    {
        var (stationSlug, section) = await StationAsync();
        var article = await ArticleAsync(section, "长岭县团委", $"<p>长岭县{Img}<a href=\"javascript:alert(1)\" onclick=\"alert(1)\">团委</a></p><script>alert(1)</script><p>{EscapedImg}</p>");

        var bodies = new Dictionary<string, string>
        {
            ["rss"] = (string)RssItem(await XmlAsync(Feed(stationSlug, "rss")), article).Element(Content + "encoded")!,
            ["atom"] = (string)(await XmlAsync(Feed(stationSlug, "atom"))).Root!.Elements(Atom + "entry")
                .Single(e => (string?)e.Element(Atom + "id") == FeedWriter.ItemId(article)).Element(Atom + "content")!,
            ["json"] = (string)(await JsonFeedAsync(Feed(stationSlug, "json")))["items"]!.AsArray()
                .Single(i => (string?)i!["id"] == FeedWriter.ItemId(article))!["content_html"]!,
        };

        foreach (var (format, html) in bodies)
        {
            Assert.That(EventHandler().IsMatch(html), Is.False, $"{format}: no event handler in any tag: {html}");
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("javascript:"), format);
            Assert.That(html, Does.Contain(EscapedImg.Replace("&gt;", ">", StringComparison.Ordinal)).Or.Contain(EscapedImg), $"{format}: escaped text stays escaped");
            Assert.That(html, Does.Contain("长岭县"), format);
        }
    }

    [Test]
    public async Task Control_characters_stored_past_the_API_leave_every_feed_answering_200_and_parsing()
    {
        var (stationSlug, section) = await StationAsync();
        var cover = await Given.MediaAsync(TestImages.Jpeg(60, 40));
        var body = ArticleApi.Body(section, "长岭县团委");
        body["coverMediaId"] = cover.Id();
        body["publishedAt"] = "2024-01-02T14:36:00+08:00";
        var article = (await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created)).Id();

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(Factory.DataDirectory, "cms.db")};Pooling=False"))
        {
            await db.ExecuteAsync("UPDATE articles SET title = 'A' || char(1) || '长岭县', summary = 'B' || char(1) || char(11) || char(65534) || '团委' WHERE id = @article",
                new { article });
            await db.ExecuteAsync("UPDATE media SET alt = 'C' || char(1) || '现场', credit = 'D' || char(31) WHERE id = @id", new { id = cover.Id() });
            await db.ExecuteAsync("UPDATE stations SET name = 'E' || char(1) || '松原站', description = 'F' || char(2) WHERE slug = @stationSlug", new { stationSlug });
        }

        var rss = await XmlAsync(Feed(stationSlug, "rss"));
        var atom = await XmlAsync(Feed(stationSlug, "atom"));
        var json = await JsonFeedAsync(Feed(stationSlug, "json"));

        Assert.That((string)RssItem(rss, article).Element("title")!, Is.EqualTo("A长岭县"), "the invalid character is left out, the text kept");
        Assert.That((string)RssItem(rss, article).Element("description")!, Is.EqualTo("B团委"));
        Assert.That((string)rss.Root!.Element("channel")!.Element("title")!, Is.EqualTo("E松原站"));
        Assert.That(atom.Root!.Elements(Atom + "entry").Select(e => (string?)e.Element(Atom + "title")), Does.Contain("A长岭县"));
        Assert.That((string?)json["items"]![0]!["title"], Is.EqualTo("A\u0001长岭县"), "JSON escapes what it carries");
    }

    async Task<(string Slug, (long StationId, long ChannelId) Section)> StationAsync()
    {
        var station = await Given.StationAsync();
        var channel = await Given.ChannelAsync(station.Id());
        return ((string)station["slug"]!, (station.Id(), channel.Id()));
    }

    async Task<long> ArticleAsync((long StationId, long ChannelId) section, string? summary, string bodyHtml)
    {
        var body = ArticleApi.Body(section, "共青团长岭县委全面发力");
        body["summary"] = summary;
        body["bodyHtml"] = bodyHtml;
        body["publishedAt"] = "2024-01-02T14:36:00+08:00";
        return (await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created)).Id();
    }

    static string Feed(string stationSlug, string format) => ApiRoutes.For(StationFeedRequest.Route, stationSlug, format);

    async Task<XDocument> XmlAsync(string url)
    {
        var res = await Anonymous.GetAsync(url);
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return XDocument.Parse(text);
    }

    async Task<JsonNode> JsonFeedAsync(string url) => await (await Anonymous.GetAsync(url)).ExpectJsonAsync(HttpStatusCode.OK);

    static XElement RssItem(XDocument rss, long article) =>
        rss.Root!.Element("channel")!.Elements("item").Single(i => (string?)i.Element("guid") == FeedWriter.ItemId(article));

    /// <summary>An on… attribute inside a tag (text that reads "onerror" outside a tag is harmless).</summary>
    [GeneratedRegex(@"<[^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();
}
