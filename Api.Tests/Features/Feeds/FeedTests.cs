using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Feeds;
using Cms.Api.Tests.Features.Articles;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Feeds;

/// <summary>RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the portal, a station, a channel and an author, parsed and checked
/// against what each format requires.</summary>
public sealed class FeedTests : ApiFixture
{
    const string Site = "https://news.example.com";

    static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    static readonly XNamespace Media = "http://search.yahoo.com/mrss/";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:PublicBaseUrl"] = Site,
        ["Cms:ArticleUrlTemplate"] = Site + "/{station}/{channel}/{id}.html",
        ["Cms:SiteLogoUrl"] = Logo,
    };

    const string Logo = Site + "/images/logo.png";

    static readonly string[] Formats = ["rss", "atom", "json"];

    [Test]
    public async Task RSS_is_version_2_0_with_a_channel_title_link_and_description()
    {
        var s = await SharedScenarioAsync();

        var rss = await XmlAsync(s.StationFeed("rss"));

        Assert.That(rss.Root!.Name.LocalName, Is.EqualTo("rss"));
        Assert.That((string?)rss.Root.Attribute("version"), Is.EqualTo("2.0"));
        var channel = rss.Root.Element("channel")!;
        Assert.That(channel, Is.Not.Null);
        Assert.That((string?)channel.Element("title"), Is.EqualTo((string?)s.Station["name"]));
        Assert.That(AbsoluteUnder(Site, (string?)channel.Element("link")), Is.True, (string?)channel.Element("link"));
        Assert.That((string?)channel.Element("description"), Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task RSS_items_have_a_title_a_link_built_from_the_article_url_template_and_a_guid()
    {
        var s = await SharedScenarioAsync();

        var item = RssItem(await XmlAsync(s.StationFeed("rss")), PageOf(s.Newer));

        Assert.That((string?)item.Element("title"), Is.EqualTo((string?)s.Newer["title"]));
        Assert.That((string?)item.Element("link"), Is.EqualTo($"{Site}/{s.Station["slug"]}/{s.Channel["slug"]}/{s.Newer.Id()}.html"));
        Assert.That((string?)item.Element("guid"), Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task RSS_pubDate_is_the_publish_time_as_an_RFC_822_date()
    {
        var s = await SharedScenarioAsync();

        var item = RssItem(await XmlAsync(s.StationFeed("rss")), PageOf(s.Newer));

        var pubDate = (string?)item.Element("pubDate");
        Assert.That(Rfc822.Parse(pubDate), Is.EqualTo(DateTimeOffset.Parse("2024-01-02T14:36:00+08:00", CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task RSS_names_the_writing_bylines_as_dc_creators_and_the_photographer_and_editor_as_dc_contributors()
    {
        var s = await SharedScenarioAsync();

        var item = RssItem(await XmlAsync(s.StationFeed("rss")), PageOf(s.Newer));

        Assert.That(item.Elements(DublinCore + "creator").Select(e => e.Value), Is.EqualTo(new[] { "李雪" }));
        Assert.That(item.Elements(DublinCore + "contributor").Select(e => e.Value), Is.EqualTo(new[] { "穆汶姝", "金作超" }));
    }

    [Test]
    public async Task RSS_declares_its_namespaces_on_the_root_with_their_usual_prefixes()
    {
        var s = await SharedScenarioAsync();

        var res = await Anonymous.GetAsync(s.StationFeed("rss"));

        var text = await res.Content.ReadAsStringAsync();
        var root = XDocument.Parse(text).Root!;
        Assert.That((string?)root.Attribute(XNamespace.Xmlns + "content"), Is.EqualTo(Content.NamespaceName));
        Assert.That((string?)root.Attribute(XNamespace.Xmlns + "dc"), Is.EqualTo(DublinCore.NamespaceName));
        Assert.That((string?)root.Attribute(XNamespace.Xmlns + "atom"), Is.EqualTo(Atom.NamespaceName));
        Assert.That((string?)root.Attribute(XNamespace.Xmlns + "media"), Is.EqualTo(Media.NamespaceName));
        Assert.That(text, Does.Contain("<content:encoded>").And.Contain("<dc:creator>李雪</dc:creator>").And.Contain("<media:content "));
        Assert.That(text, Does.Not.Contain("xmlns=\"http://purl.org/"));
    }

    [Test]
    public async Task RSS_links_to_itself_with_atom_link_rel_self()
    {
        var s = await SharedScenarioAsync();

        var channel = (await XmlAsync(s.StationFeed("rss"))).Root!.Element("channel")!;

        var self = channel.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "self");
        Assert.That((string?)self?.Attribute("href"), Is.EqualTo($"{Site}/api/v1/feeds/stations/{s.Station["slug"]}.rss"));
        Assert.That((string?)self?.Attribute("type"), Is.EqualTo("application/rss+xml"));
    }

    [Test]
    public async Task Source_and_credit_are_dc_source_and_dc_rights_in_RSS_and_source_and_rights_in_Atom()
    {
        var s = await SharedScenarioAsync();

        var item = RssItem(await XmlAsync(s.StationFeed("rss")), PageOf(s.Newer));
        var entry = AtomEntry(await XmlAsync(s.StationFeed("atom")), PageOf(s.Newer));

        Assert.That((string?)item.Element(DublinCore + "source"), Is.EqualTo("松原日报"));
        Assert.That((string?)item.Element(DublinCore + "rights"), Is.EqualTo("共青团长岭县委"));
        Assert.That((string?)entry.Element(Atom + "source")?.Element(Atom + "title"), Is.EqualTo("松原日报"));
        Assert.That((string?)entry.Element(Atom + "rights"), Is.EqualTo("共青团长岭县委"));
    }

    [Test]
    public async Task Every_format_shows_the_site_logo_when_one_is_configured()
    {
        var s = await SharedScenarioAsync();

        var rss = await XmlAsync(s.StationFeed("rss"));
        var atom = await XmlAsync(s.StationFeed("atom"));
        var json = await JsonFeedAsync(s.StationFeed("json"));

        Assert.That((string?)rss.Root!.Element("channel")!.Element("image")?.Element("url"), Is.EqualTo(Logo));
        Assert.That((string?)atom.Root!.Element(Atom + "logo"), Is.EqualTo(Logo));
        Assert.That((string?)json["icon"], Is.EqualTo(Logo));
    }

    [Test]
    public async Task An_author_feed_shows_the_authors_avatar_as_its_image()
    {
        var avatar = await Given.MediaAsync(TestImages.Jpeg(30, 30));
        var author = await Given.AuthorAsync("赵明", avatarMediaId: avatar.Id());

        var rss = await XmlAsync(ApiRoutes.For(AuthorFeedRequest.Route, author["slug"]!, "rss"));
        var atom = await XmlAsync(ApiRoutes.For(AuthorFeedRequest.Route, author["slug"]!, "atom"));
        var json = await JsonFeedAsync(ApiRoutes.For(AuthorFeedRequest.Route, author["slug"]!, "json"));

        Assert.That((string?)rss.Root!.Element("channel")!.Element("image")?.Element("url"), Is.EqualTo((string?)avatar["url"]));
        Assert.That((string?)atom.Root!.Element(Atom + "logo"), Is.EqualTo((string?)avatar["url"]));
        Assert.That((string?)json["icon"], Is.EqualTo((string?)avatar["url"]));
    }

    [Test]
    public async Task RSS_gives_the_cover_as_media_content_and_media_thumbnail_with_its_size()
    {
        var s = await SharedScenarioAsync();

        var item = RssItem(await XmlAsync(s.StationFeed("rss")), PageOf(s.Newer));

        var content = item.Element(Media + "content");
        Assert.That((string?)content?.Attribute("url"), Is.EqualTo((string?)s.Cover["url"]));
        Assert.That((string?)content?.Attribute("medium"), Is.EqualTo("image"));
        Assert.That((string?)content?.Attribute("type"), Is.EqualTo("image/jpeg"));
        Assert.That(((int?)content?.Attribute("width"), (int?)content?.Attribute("height")), Is.EqualTo(((int?)60, (int?)40)));
        var thumbnail = item.Element(Media + "thumbnail");
        Assert.That((string?)thumbnail?.Attribute("url"), Does.StartWith((string)s.Cover["url"]!));
        Assert.That((int?)thumbnail?.Attribute("width"), Is.EqualTo(60));
    }

    [Test]
    public async Task Atom_gives_the_cover_as_media_content_too()
    {
        var s = await SharedScenarioAsync();

        var entry = AtomEntry(await XmlAsync(s.StationFeed("atom")), PageOf(s.Newer));

        Assert.That((string?)entry.Element(Media + "content")?.Attribute("url"), Is.EqualTo((string?)s.Cover["url"]));
        Assert.That((string?)entry.Element(Media + "thumbnail")?.Attribute("url"), Does.StartWith((string)s.Cover["url"]!));
    }

    [TestCaseSource(nameof(Formats))]
    public async Task Images_in_a_feed_body_have_versioned_urls_and_their_size_as_in_the_articles_JSON(string format)
    {
        var s = await SharedScenarioAsync();
        var detail = await (await Anonymous.GetAsync($"/api/v1/articles/{s.Newer.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);

        var html = await BodyAsync(s.StationFeed(format), PageOf(s.Newer));

        var img = Regex.Match(html, "<img [^>]*>").Value;
        Assert.That(img, Does.Contain($"src=\"{Site}/api/v1/media/{s.Inline.Id()}/content?v="));
        Assert.That(img, Does.Contain("width=\"20\"").And.Contain("height=\"10\""));
        Assert.That(img, Is.EqualTo(Regex.Match((string)detail["bodyHtml"]!, "<img [^>]*>").Value));
    }

    [Test]
    public async Task An_items_id_is_the_same_urn_in_every_format()
    {
        var s = await SharedScenarioAsync();

        var guid = RssItem(await XmlAsync(s.StationFeed("rss")), PageOf(s.Newer)).Element("guid")!;
        var atomId = (string?)AtomEntry(await XmlAsync(s.StationFeed("atom")), PageOf(s.Newer)).Element(Atom + "id");
        var jsonId = (string?)(await JsonFeedAsync(s.StationFeed("json")))["items"]!.AsArray().Single(i => (string?)i!["url"] == PageOf(s.Newer))!["id"];

        Assert.That(guid.Value, Is.EqualTo($"urn:cms:article:{s.Newer.Id()}"));
        Assert.That((string?)guid.Attribute("isPermaLink"), Is.EqualTo("false"));
        Assert.That(atomId, Is.EqualTo(guid.Value));
        Assert.That(jsonId, Is.EqualTo(guid.Value));
    }

    [TestCaseSource(nameof(Formats))]
    public async Task An_items_id_stays_when_its_channel_slug_is_renamed_under_the_page_url_template(string format)
    {
        var s = await ScenarioAsync();
        var before = await IdsAsync(s.StationFeed(format));

        var renamed = await Admin.MergePatchAsync(ApiRoutes.For(PatchChannelEndpoint.Route, s.Channel.Id()), new { slug = $"renamed-{s.Channel.Id()}" }, "*");
        var after = await IdsAsync(s.StationFeed(format));

        Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await renamed.Content.ReadAsStringAsync());
        Assert.That(before, Is.EqualTo(new[] { $"urn:cms:article:{s.Newer.Id()}", $"urn:cms:article:{s.Older.Id()}" }));
        Assert.That(after, Is.EqualTo(before));
    }

    [TestCaseSource(nameof(Formats))]
    public async Task A_feed_pages_back_through_all_its_articles_by_next_links(string format)
    {
        var section = await Given.SectionAsync();
        var start = DateTimeOffset.Parse("2024-01-01T08:00:00+08:00", CultureInfo.InvariantCulture);
        var created = new List<long>();
        for (var i = 0; i < FeedWriter.Size + 1; i++)
        {
            created.Add((await Given.ArticleAsync(title: $"分页新闻 {i}", publishedAt: start.AddMinutes(i), section: section)).Id());
        }
        var url = ApiRoutes.For(ChannelFeedRequest.Route, section.StationId, section.ChannelId, format);

        var first = await PageAsync(url, format);
        var second = await PageAsync(new Uri(first.Next!).PathAndQuery, format);

        Assert.That(first.Ids, Has.Count.EqualTo(FeedWriter.Size));
        Assert.That(first.Next, Does.StartWith($"{Site}/api/v1/feeds/stations/").And.Contain("?cursor="));
        Assert.That(second.Next, Is.Null);
        Assert.That(first.Ids.Concat(second.Ids), Is.EqualTo(created.AsEnumerable().Reverse().Select(id => $"urn:cms:article:{id}")));
    }

    [TestCaseSource(nameof(Formats))]
    public async Task A_cursor_the_feed_did_not_issue_is_a_400_problem_naming_cursor(string format)
    {
        var s = await SharedScenarioAsync();
        var list = await (await Anonymous.GetAsync($"/api/v1/articles?station={s.Station["slug"]}&limit=1")).ExpectJsonAsync(HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString((string)list["nextCursor"]!);

        var garbage = await Anonymous.GetAsync(s.StationFeed(format) + "?cursor=not-a-cursor");
        var elsewhere = await Anonymous.GetAsync(s.StationFeed(format) + "?cursor=" + cursor);

        foreach (var res in new[] { garbage, elsewhere })
        {
            var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty, problem.ToJsonString());
        }
    }

    [Test]
    public async Task RSS_categories_are_the_channel_and_each_tag_once()
    {
        var s = await SharedScenarioAsync();

        var item = RssItem(await XmlAsync(s.StationFeed("rss")), PageOf(s.Newer));

        var categories = item.Elements("category").Select(e => e.Value).ToList();
        Assert.That(categories, Is.EquivalentTo(new[] { "要闻", "长岭", "团委" }));
        Assert.That(categories, Is.Unique);
    }

    [Test]
    public async Task RSS_gives_the_cover_as_an_enclosure_with_url_type_and_length()
    {
        var s = await SharedScenarioAsync();

        var item = RssItem(await XmlAsync(s.StationFeed("rss")), PageOf(s.Newer));

        var enclosure = item.Element("enclosure");
        Assert.That(enclosure, Is.Not.Null);
        Assert.That((string?)enclosure!.Attribute("url"), Is.EqualTo((string?)s.Cover["url"]));
        Assert.That((string?)enclosure.Attribute("url"), Does.StartWith(Site + "/api/v1/media/"));
        Assert.That((string?)enclosure.Attribute("type"), Is.EqualTo("image/jpeg"));
        Assert.That((long?)enclosure.Attribute("length"), Is.EqualTo((long)s.Cover["byteSize"]!));
    }

    [Test]
    public async Task RSS_full_content_links_images_absolutely()
    {
        var s = await SharedScenarioAsync();

        var item = RssItem(await XmlAsync(s.StationFeed("rss")), PageOf(s.Newer));

        var html = (string?)item.Element(Content + "encoded");
        Assert.That(html, Does.Contain($"src=\"{Site}/api/v1/media/{s.Inline.Id()}/content"));
        Assert.That(html, Does.Not.Contain("src=\"/"));
        Assert.That(html, Does.Not.Contain("href=\"/"));
        Assert.That(html, Does.Contain("扎实推进县域共青团基层组织改革工作"));
    }

    [Test]
    public async Task Atom_feed_has_an_id_a_title_an_RFC_3339_updated_time_and_a_self_link()
    {
        var s = await SharedScenarioAsync();

        var atom = await XmlAsync(s.StationFeed("atom"));

        var feed = atom.Root!;
        Assert.That(feed.Name, Is.EqualTo(Atom + "feed"));
        Assert.That((string?)feed.Element(Atom + "id"), Is.Not.Null.And.Not.Empty);
        Assert.That((string?)feed.Element(Atom + "title"), Is.EqualTo((string?)s.Station["name"]));
        Assert.That(Rfc3339.Parse((string?)feed.Element(Atom + "updated")),
            Is.EqualTo(new[] { s.Newer, s.Older }.Max(a => new DateTimeOffset((DateTime)a["updatedAt"]!))).Within(TimeSpan.FromSeconds(1)));
        var self = feed.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "self");
        Assert.That((string?)self?.Attribute("href"), Is.EqualTo($"{Site}/api/v1/feeds/stations/{s.Station["slug"]}.atom"));
    }

    [Test]
    public async Task Atom_entries_have_an_id_a_title_RFC_3339_times_writers_as_authors_and_the_page_and_JSON_as_alternate_links()
    {
        var s = await SharedScenarioAsync();

        var entry = AtomEntry(await XmlAsync(s.StationFeed("atom")), PageOf(s.Newer));

        Assert.That((string?)entry.Element(Atom + "id"), Is.Not.Null.And.Not.Empty);
        Assert.That((string?)entry.Element(Atom + "title"), Is.EqualTo((string?)s.Newer["title"]));
        Assert.That(Rfc3339.Parse((string?)entry.Element(Atom + "published")),
            Is.EqualTo(DateTimeOffset.Parse("2024-01-02T14:36:00+08:00", CultureInfo.InvariantCulture)));
        Assert.That(Rfc3339.Parse((string?)entry.Element(Atom + "updated")),
            Is.EqualTo(new DateTimeOffset((DateTime)s.Newer["updatedAt"]!)).Within(TimeSpan.FromSeconds(1)));
        Assert.That(entry.Elements(Atom + "author").Select(a => (string?)a.Element(Atom + "name")), Is.EqualTo(new[] { "李雪" }));
        Assert.That(entry.Elements(Atom + "contributor").Select(a => (string?)a.Element(Atom + "name")), Is.EqualTo(new[] { "穆汶姝", "金作超" }));
        var alternate = entry.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") is null or "alternate").ToList();
        Assert.That(alternate.Select(l => ((string?)l.Attribute("type"), (string?)l.Attribute("href"))), Is.EqualTo(new[]
        {
            ("text/html", PageOf(s.Newer)),
            ("application/json", $"{Site}/api/v1/articles/{s.Newer.Id()}"),
        }));
    }

    [Test]
    public async Task Atom_entries_give_the_cover_as_an_enclosure_link_and_channel_and_tags_as_category_terms()
    {
        var s = await SharedScenarioAsync();

        var entry = AtomEntry(await XmlAsync(s.StationFeed("atom")), PageOf(s.Newer));

        var enclosure = entry.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "enclosure");
        Assert.That(enclosure, Is.Not.Null);
        Assert.That((string?)enclosure!.Attribute("href"), Is.EqualTo((string?)s.Cover["url"]));
        Assert.That((string?)enclosure.Attribute("type"), Is.EqualTo("image/jpeg"));
        Assert.That((long?)enclosure.Attribute("length"), Is.EqualTo((long)s.Cover["byteSize"]!));
        var terms = entry.Elements(Atom + "category").Select(c => (string?)c.Attribute("term")).ToList();
        Assert.That(terms, Is.EquivalentTo(new[] { "要闻", "长岭", "团委" }));
        Assert.That(terms, Is.Unique);
    }

    [Test]
    public async Task Atom_content_is_html_with_absolute_image_urls()
    {
        var s = await SharedScenarioAsync();

        var entry = AtomEntry(await XmlAsync(s.StationFeed("atom")), PageOf(s.Newer));

        var content = entry.Element(Atom + "content");
        Assert.That(content, Is.Not.Null);
        Assert.That((string?)content!.Attribute("type"), Is.EqualTo("html"));
        Assert.That(content.Value, Does.Contain($"src=\"{Site}/api/v1/media/{s.Inline.Id()}/content"));
        Assert.That(content.Value, Does.Not.Contain("src=\"/"));
        Assert.That(content.Value, Does.Contain("扎实推进县域共青团基层组织改革工作"));
    }

    [Test]
    public async Task JSON_feed_is_version_1_1_with_a_title_a_home_page_and_its_absolute_feed_url()
    {
        var s = await SharedScenarioAsync();

        var feed = await JsonFeedAsync(s.StationFeed("json"));

        Assert.That((string?)feed["version"], Is.EqualTo("https://jsonfeed.org/version/1.1"));
        Assert.That((string?)feed["title"], Is.EqualTo((string?)s.Station["name"]));
        Assert.That(AbsoluteUnder(Site, (string?)feed["home_page_url"]), Is.True, (string?)feed["home_page_url"]);
        Assert.That((string?)feed["feed_url"], Is.EqualTo($"{Site}/api/v1/feeds/stations/{s.Station["slug"]}.json"));
        Assert.That(feed["items"], Is.InstanceOf<JsonArray>());
    }

    [Test]
    public async Task JSON_feed_items_have_id_url_title_html_RFC_3339_date_writers_as_authors_tags_and_image()
    {
        var s = await SharedScenarioAsync();

        var feed = await JsonFeedAsync(s.StationFeed("json"));

        var item = feed["items"]!.AsArray().Single(i => (string?)i!["url"] == PageOf(s.Newer))!;
        Assert.That((string?)item["id"], Is.Not.Null.And.Not.Empty);
        Assert.That((string?)item["title"], Is.EqualTo((string?)s.Newer["title"]));
        Assert.That((string?)item["content_html"], Does.Contain($"src=\"{Site}/api/v1/media/{s.Inline.Id()}/content"));
        Assert.That((string?)item["content_html"], Does.Not.Contain("src=\"/"));
        Assert.That(Rfc3339.Parse((string?)item["date_published"]),
            Is.EqualTo(DateTimeOffset.Parse("2024-01-02T14:36:00+08:00", CultureInfo.InvariantCulture)));
        Assert.That(item["authors"]!.AsArray().Select(a => (string?)a!["name"]), Is.EqualTo(new[] { "李雪" }));
        var tags = item["tags"]!.AsArray().Select(t => (string?)t).ToList();
        Assert.That(tags, Is.EquivalentTo(new[] { "要闻", "长岭", "团委" }));
        Assert.That(tags, Is.Unique);
        Assert.That((string?)item["image"], Is.EqualTo((string?)s.Cover["url"]));
    }

    [Test]
    public async Task JSON_feed_writes_Chinese_text_as_it_is_not_as_escapes()
    {
        var s = await SharedScenarioAsync();

        var res = await Anonymous.GetAsync(s.StationFeed("json"));

        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(text, Does.Contain("共青团长岭县委全面发力").And.Contain("李雪"));
        Assert.That(text, Does.Not.Contain("\\u"));
    }

    [TestCaseSource(nameof(Formats))]
    public async Task A_feed_lists_published_articles_newest_first_without_drafts_or_scheduled_ones(string format)
    {
        var s = await SharedScenarioAsync();

        var links = await LinksAsync(s.StationFeed(format));

        Assert.That(links, Is.EqualTo(new[] { PageOf(s.Newer), PageOf(s.Older) }));
    }

    [TestCaseSource(nameof(Formats))]
    public async Task A_feed_leaks_nothing_of_drafts_or_scheduled_articles(string format)
    {
        var s = await SharedScenarioAsync();

        var res = await Anonymous.GetAsync(s.StationFeed(format));

        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(text, Does.Not.Contain((string)s.Draft["title"]!));
        Assert.That(text, Does.Not.Contain((string)s.Scheduled["title"]!));
    }

    [TestCaseSource(nameof(Formats))]
    public async Task The_portal_feed_starts_with_the_newest_published_article(string format)
    {
        var s = await ScenarioAsync();
        var latest = await Given.ArticleAsync(section: (s.Station.Id(), s.Channel.Id()), title: "刚刚发布的快讯");

        var links = await LinksAsync(ApiRoutes.For(PortalFeedRequest.Route, format));

        Assert.That(links, Has.Count.InRange(1, 30));
        Assert.That(links[0], Is.EqualTo(PageOf(latest)));
        Assert.That(links, Does.Not.Contain(PageOf(s.Draft)).And.Not.Contain(PageOf(s.Scheduled)));
        Assert.That(links, Is.Unique);
    }

    [TestCaseSource(nameof(Formats))]
    public async Task A_station_feed_lists_only_that_stations_articles(string format)
    {
        var s = await ScenarioAsync();
        var elsewhere = await Given.ArticleAsync(title: "其他站点的新闻", bylines: [new { authorId = s.Li.Id(), role = "reporter" }]);

        var links = await LinksAsync(s.StationFeed(format));

        Assert.That(links, Is.EquivalentTo(new[] { PageOf(s.Newer), PageOf(s.Older) }));
        Assert.That(links.Any(l => l.EndsWith($"/{elsewhere.Id()}.html", StringComparison.Ordinal)), Is.False);
    }

    [TestCaseSource(nameof(Formats))]
    public async Task A_channel_feed_lists_only_that_channels_articles(string format)
    {
        var s = await ScenarioAsync();
        var otherChannel = await Given.ChannelAsync(s.Station.Id(), name: "社会");
        var elsewhere = await Given.ArticleAsync(section: (s.Station.Id(), otherChannel.Id()), title: "社会频道的新闻");

        var links = await LinksAsync(ApiRoutes.For(ChannelFeedRequest.Route, s.Station["slug"]!, s.Channel["slug"]!, format));
        var otherLinks = await LinksAsync(ApiRoutes.For(ChannelFeedRequest.Route, s.Station["slug"]!, otherChannel["slug"]!, format));

        Assert.That(links, Is.EqualTo(new[] { PageOf(s.Newer), PageOf(s.Older) }));
        Assert.That(otherLinks, Is.EqualTo(new[] { $"{Site}/{s.Station["slug"]}/{otherChannel["slug"]}/{elsewhere.Id()}.html" }));
    }

    [TestCaseSource(nameof(Formats))]
    public async Task An_author_feed_lists_only_articles_with_that_author_in_a_byline(string format)
    {
        var s = await SharedScenarioAsync();

        var mu = await LinksAsync(ApiRoutes.For(AuthorFeedRequest.Route, s.Mu["slug"]!, format));
        var li = await LinksAsync(ApiRoutes.For(AuthorFeedRequest.Route, s.Li["slug"]!, format));

        Assert.That(mu, Is.EqualTo(new[] { PageOf(s.Newer) }));
        Assert.That(li, Is.EqualTo(new[] { PageOf(s.Newer), PageOf(s.Older) }));
    }

    [TestCase("rss", "application/rss+xml")]
    [TestCase("atom", "application/atom+xml")]
    [TestCase("json", "application/feed+json")]
    public async Task Each_feed_is_served_as_its_formats_media_type(string format, string mediaType)
    {
        var s = await SharedScenarioAsync();

        var res = await Anonymous.GetAsync(s.StationFeed(format));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo(mediaType));
        Assert.That(res.Content.Headers.ContentType?.CharSet, Is.Null.Or.EqualTo("utf-8").IgnoreCase);
    }

    [TestCase("/api/v1/feeds/stations/no-such-station.rss")]
    [TestCase("/api/v1/feeds/stations/no-such-station.json")]
    [TestCase("/api/v1/feeds/stations/987654321.atom")]
    [TestCase("/api/v1/feeds/authors/no-such-author.atom")]
    [TestCase("/api/v1/feeds/authors/no-such-author.json")]
    public async Task A_feed_of_a_station_or_author_that_does_not_exist_is_a_404_problem(string url)
    {
        var res = await Anonymous.GetAsync(url);

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [TestCaseSource(nameof(Formats))]
    public async Task A_feed_of_a_channel_that_does_not_exist_or_belongs_to_another_station_is_a_404_problem(string format)
    {
        var s = await SharedScenarioAsync();
        var other = await Given.SectionAsync();
        var otherChannel = await (await Anonymous.GetAsync(ApiRoutes.For(GetChannelRequest.Route, other.ChannelId))).ExpectJsonAsync(HttpStatusCode.OK);

        var missing = await Anonymous.GetAsync(ApiRoutes.For(ChannelFeedRequest.Route, s.Station["slug"]!, "no-such-channel", format));
        var foreign = await Anonymous.GetAsync(ApiRoutes.For(ChannelFeedRequest.Route, s.Station["slug"]!, otherChannel["slug"]!, format));
        var foreignById = await Anonymous.GetAsync(ApiRoutes.For(ChannelFeedRequest.Route, s.Station["slug"]!, other.ChannelId, format));
        var noStation = await Anonymous.GetAsync(ApiRoutes.For(ChannelFeedRequest.Route, "no-such-station", s.Channel["slug"]!, format));

        await missing.ExpectProblemAsync(HttpStatusCode.NotFound);
        await foreign.ExpectProblemAsync(HttpStatusCode.NotFound);
        await foreignById.ExpectProblemAsync(HttpStatusCode.NotFound);
        await noStation.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task An_unknown_format_is_a_400_problem_naming_format()
    {
        var s = await SharedScenarioAsync();
        string[] urls =
        [
            ApiRoutes.For(PortalFeedRequest.Route, "xml"),
            ApiRoutes.For(StationFeedRequest.Route, s.Station["slug"]!, "xml"),
            ApiRoutes.For(ChannelFeedRequest.Route, s.Station["slug"]!, s.Channel["slug"]!, "html"),
            ApiRoutes.For(AuthorFeedRequest.Route, s.Li["slug"]!, "rdf"),
        ];

        var responses = await Task.WhenAll(urls.Select(u => Anonymous.GetAsync(u)));

        foreach (var res in responses)
        {
            var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.That(problem.ErrorsFor("format"), Is.Not.Empty, problem.ToJsonString());
        }
    }

    sealed record Scenario(
        JsonNode Station, JsonNode Channel, JsonNode Li, JsonNode Mu, JsonNode Cover, JsonNode Inline,
        JsonNode Newer, JsonNode Older, JsonNode Draft, JsonNode Scheduled)
    {
        public string StationFeed(string format) => ApiRoutes.For(StationFeedRequest.Route, Station["slug"]!, format);
    }

    /// <summary>Where the article URL template puts an article's page.</summary>
    static string PageOf(JsonNode article) =>
        $"{Site}/{article["station"]!["slug"]}/{article["channel"]!["slug"]}/{article.Id()}.html";

    /// <summary>A station with a channel 要闻; a newer article with two bylines, tags (one repeating the channel), a cover and an
    /// inline image; an older article by one author, created after the newer; a draft; one scheduled for 2099.</summary>
    Task<Scenario>? shared;

    /// <summary>One scenario for the tests that only read feeds (the fixture's tests run one at a time); a test that
    /// changes something builds its own.</summary>
    Task<Scenario> SharedScenarioAsync() => shared ??= ScenarioAsync();

    async Task<Scenario> ScenarioAsync()
    {
        var station = await Given.StationAsync(name: "松原站");
        var channel = await Given.ChannelAsync(station.Id(), name: "要闻");
        var li = await Given.AuthorAsync("李雪");
        var mu = await Given.AuthorAsync("穆汶姝");
        var jin = await Given.AuthorAsync("金作超");
        var cover = await Given.MediaAsync(TestImages.Jpeg(60, 40));
        var inline = await Given.MediaAsync(TestImages.Png(20, 10), "mmexport1704177122056.png", "image/png");
        var section = (station.Id(), channel.Id());

        var newer = ArticleApi.Body(section, "共青团长岭县委全面发力 多链条打造团干部队伍建设");
        newer["summary"] = "长岭县团委多措并举加强团干部队伍建设。";
        newer["bodyHtml"] = "<p>近年来,共青团长岭县委扎实推进县域共青团基层组织改革工作。</p>" +
                            $"<p><img src=\"/api/v1/media/{inline.Id()}/content\" alt=\"培训现场\"></p>";
        newer["publishedAt"] = "2024-01-02T14:36:00+08:00";
        newer["bylines"] = new object[]
        {
            new { authorId = li.Id(), role = "correspondent" }, new { authorId = mu.Id(), role = "photographer" }, new { authorId = jin.Id(), role = "editor" },
        };
        newer["source"] = "松原日报";
        newer["credit"] = "共青团长岭县委";
        newer["tags"] = new[] { "长岭", "要闻", "团委" };
        newer["coverMediaId"] = cover.Id();

        var older = ArticleApi.Body(section, "长岭县召开团干部培训会");
        older["publishedAt"] = "2024-01-01T09:00:00+08:00";
        older["bylines"] = new object[] { new { authorId = li.Id(), role = "reporter" } };
        older["tags"] = new[] { "团委" };

        var draft = ArticleApi.Body(section, "草稿尚未审核的团委新闻");
        draft["status"] = "draft";
        draft["bylines"] = new object[] { new { authorId = li.Id(), role = "reporter" }, new { authorId = mu.Id(), role = "editor" } };

        var scheduled = ArticleApi.Body(section, "定时发布的明年团委新闻");
        scheduled["publishedAt"] = "2099-01-01T08:00:00+08:00";
        scheduled["bylines"] = new object[] { new { authorId = li.Id(), role = "reporter" }, new { authorId = mu.Id(), role = "editor" } };

        return new Scenario(station, channel, li, mu, cover, inline,
            await CreateAsync(newer), await CreateAsync(older), await CreateAsync(draft), await CreateAsync(scheduled));
    }

    async Task<JsonNode> CreateAsync(Dictionary<string, object?> body) =>
        await (await Admin.PostJsonAsync(ArticleApi.Path, body)).ExpectJsonAsync(HttpStatusCode.Created);

    async Task<XDocument> XmlAsync(string url)
    {
        var res = await Anonymous.GetAsync(url);
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return XDocument.Parse(text);
    }

    async Task<JsonNode> JsonFeedAsync(string url)
    {
        var res = await Anonymous.GetAsync(url);
        return await res.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The article pages a feed links to, in feed order, whatever its format.</summary>
    async Task<List<string>> LinksAsync(string url)
    {
        if (url.EndsWith(".json", StringComparison.Ordinal))
        {
            return (await JsonFeedAsync(url))["items"]!.AsArray().Select(i => (string)i!["url"]!).ToList();
        }
        var xml = await XmlAsync(url);
        return url.EndsWith(".rss", StringComparison.Ordinal)
            ? xml.Root!.Element("channel")!.Elements("item").Select(i => (string)i.Element("link")!).ToList()
            : xml.Root!.Elements(Atom + "entry")
                .Select(e => (string)e.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") is null or "alternate" && (string?)l.Attribute("type") == "text/html").Attribute("href")!)
                .ToList();
    }

    /// <summary>The item ids of a feed, in feed order, whatever its format.</summary>
    async Task<List<string>> IdsAsync(string url) => (await PageAsync(url, url[(url.LastIndexOf('.') + 1)..])).Ids;

    /// <summary>One page of a feed: its item ids in order and its next link.</summary>
    async Task<(List<string> Ids, string? Next)> PageAsync(string url, string format)
    {
        if (format == "json")
        {
            var json = await JsonFeedAsync(url);
            return (json["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList(), (string?)json["next_url"]);
        }
        var xml = await XmlAsync(url);
        var (container, item, id) = format == "rss"
            ? (xml.Root!.Element("channel")!, (XName)"item", (XName)"guid")
            : (xml.Root!, Atom + "entry", Atom + "id");
        var next = container.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "next");
        return (container.Elements(item).Select(i => (string)i.Element(id)!).ToList(), (string?)next?.Attribute("href"));
    }

    /// <summary>The HTML body of the item that links to a page, whatever the format.</summary>
    async Task<string> BodyAsync(string url, string link) => url[(url.LastIndexOf('.') + 1)..] switch
    {
        "rss" => (string)RssItem(await XmlAsync(url), link).Element(Content + "encoded")!,
        "atom" => (string)AtomEntry(await XmlAsync(url), link).Element(Atom + "content")!,
        _ => (string)(await JsonFeedAsync(url))["items"]!.AsArray().Single(i => (string?)i!["url"] == link)!["content_html"]!,
    };

    static XElement RssItem(XDocument rss, string link)
    {
        var items = rss.Root!.Element("channel")!.Elements("item").Where(i => (string?)i.Element("link") == link).ToList();
        Assert.That(items, Has.Count.EqualTo(1), $"one item links to {link}:\n{rss}");
        return items[0];
    }

    static XElement AtomEntry(XDocument atom, string link)
    {
        var entries = atom.Root!.Elements(Atom + "entry")
            .Where(e => e.Elements(Atom + "link").Any(l => (string?)l.Attribute("href") == link && (string?)l.Attribute("rel") is null or "alternate"))
            .ToList();
        Assert.That(entries, Has.Count.EqualTo(1), $"one entry links to {link}:\n{atom}");
        return entries[0];
    }

    static bool AbsoluteUnder(string site, string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.GetLeftPart(UriPartial.Authority) == site;
}

/// <summary>RFC 822 dates as RSS 2.0 requires them (with four-digit years, as RSS allows): [day, ]DD Mon YYYY HH:MM[:SS] zone.</summary>
internal static partial class Rfc822
{
    static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    static readonly Dictionary<string, int> Zones = new()
    {
        ["UT"] = 0, ["GMT"] = 0, ["Z"] = 0, ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5, ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
    };

    public static DateTimeOffset Parse(string? value)
    {
        var m = Pattern().Match(value ?? "");
        if (!m.Success) { throw new AssertionException($"'{value}' is not an RFC 822 date."); }
        var zone = m.Groups["zone"].Value;
        var offset = Zones.TryGetValue(zone, out var hours)
            ? TimeSpan.FromHours(hours)
            : new TimeSpan(int.Parse(zone[1..3], CultureInfo.InvariantCulture), int.Parse(zone[3..5], CultureInfo.InvariantCulture), 0) * (zone[0] == '-' ? -1 : 1);
        var date = new DateTimeOffset(
            int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture), Array.IndexOf(Months, m.Groups["month"].Value) + 1,
            int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["hour"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["minute"].Value, CultureInfo.InvariantCulture),
            m.Groups["second"].Success ? int.Parse(m.Groups["second"].Value, CultureInfo.InvariantCulture) : 0, offset);
        if (m.Groups["weekday"].Success && m.Groups["weekday"].Value != date.DayOfWeek.ToString()[..3])
        {
            throw new AssertionException($"'{value}' names the wrong day of the week.");
        }
        return date;
    }

    [GeneratedRegex(@"^(?:(?<weekday>Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(?<day>\d{1,2}) (?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<year>\d{4}) (?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2}))? (?<zone>UT|GMT|Z|[ECMP][SD]T|[+-]\d{4})$")]
    private static partial Regex Pattern();
}

/// <summary>RFC 3339 date-times: a full date, T, a time, and Z or a numeric offset, nothing else.</summary>
internal static partial class Rfc3339
{
    public static DateTimeOffset Parse(string? value)
    {
        if (value is null || !Pattern().IsMatch(value)) { throw new AssertionException($"'{value}' is not an RFC 3339 date-time."); }
        return DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Pattern();
}
