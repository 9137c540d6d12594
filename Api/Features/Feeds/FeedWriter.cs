using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using System.Xml.Linq;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Features.Search;
using Cms.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cms.Api.Features.Feeds;

[JsonConverter(typeof(StrictEnumConverter<FeedFormat>))]
public enum FeedFormat
{
    [JsonStringEnumMemberName("rss")] Rss,
    [JsonStringEnumMemberName("atom")] Atom,
    [JsonStringEnumMemberName("json")] Json,
}

/// <summary>What a feed covers: its title, where it lives, and which articles it lists.</summary>
/// <param name="Path">Under /api/v1/feeds/, without the format.</param>
/// <param name="Listing">The same articles as a JSON list of this API (a page that exists, for the feed's home link).</param>
/// <param name="UpdatedAt">When what the feed shows of its scope (a name) last changed.</param>
/// <param name="ImageUrl">The scope's own picture (an author's avatar), if it has one.</param>
public sealed record FeedScope(
    string Title, string Description, string Path, ArticleQuery Query, string Listing, string? UpdatedAt = null, string? ImageUrl = null);

/// <summary>A written feed and when the newest change among its articles (or its scope) happened.</summary>
public sealed record WrittenFeed(byte[] Body, DateTime LastModified);

/// <summary>Writes a page of the newest published articles of a scope as RSS 2.0, Atom 1.0 or JSON Feed 1.1, the way
/// feed readers (rss-parser, feedparser, @extractus/feed-extractor) read them:
/// <list type="bullet">
/// <item>Item ids are <c>urn:cms:article:{id}</c> (like the problem types' <c>urn:cms:problem:…</c>): the same for the
/// article's life, whatever host, scheme, path base or page URL template it is read through. RSS sends it as a
/// <c>guid isPermaLink="false"</c>, Atom as <c>id</c>, JSON Feed as <c>id</c>.</item>
/// <item>Authors are the bylines in writing roles (reporter, correspondent, writer); photographers and editors are
/// contributors (RSS dc:contributor, Atom contributor). The source outlet (来源) is RSS dc:source and Atom source/title;
/// the credit line (图文来源) is RSS dc:rights and Atom rights.</item>
/// <item>The cover is the RSS enclosure, media:content and media:thumbnail (Atom: an enclosure link and the same media
/// elements), and JSON Feed's image. Body images get versioned URLs, sizes and srcset, as the article's JSON has them.</item>
/// <item>Older articles are reached through RFC 5005 paging: <c>link rel="next"</c> (RSS through atom:link) and JSON
/// Feed's next_url, each with a cursor.</item>
/// </list></summary>
public sealed partial class FeedWriter(ArticleRepository articles, PublicUrls urls, CursorCodec cursors, IOptions<CmsOptions> options)
{
    public const int Size = 20;

    public const string ItemIdPrefix = "urn:cms:article:";

    static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    static readonly XNamespace ContentModule = "http://purl.org/rss/1.0/modules/content/";
    static readonly XNamespace MediaRss = "http://search.yahoo.com/mrss/";

    /// <summary>Byline roles of people who wrote the text; the others (photographer, editor) contributed to it.</summary>
    static readonly HashSet<string> WritingRoles = new[] { BylineRole.Reporter, BylineRole.Correspondent, BylineRole.Writer }
        .Select(r => JsonSerializer.Serialize(r).Trim('"')).ToHashSet(StringComparer.Ordinal);

    const int ThumbnailWidth = 320;

    public static string ContentType(FeedFormat format) => format switch
    {
        FeedFormat.Rss => "application/rss+xml; charset=utf-8",
        FeedFormat.Atom => "application/atom+xml; charset=utf-8",
        _ => "application/feed+json; charset=utf-8",
    };

    public static string ItemId(long articleId) => ItemIdPrefix + articleId.ToString(CultureInfo.InvariantCulture);

    /// <returns>Null when a cursor was sent that this feed did not issue.</returns>
    public async Task<WrittenFeed?> WriteAsync(FeedScope scope, FeedFormat format, string? cursor, CancellationToken ct)
    {
        var cursorScope = "feed|" + scope.Path;
        if (!cursors.TryRead(cursor, cursorScope, 2, out var after)) { return null; }
        var position = after is null ? null : new ArticlePosition(after[0], long.Parse(after[1], CultureInfo.InvariantCulture));
        var query = scope.Query with { IncludeDrafts = false, WithBody = true, Sort = ArticleSort.PublishedDesc };
        var rows = await articles.ListAsync(query, position, Size + 1, ct);
        var page = rows.Take(Size).ToList();
        var parts = await articles.LoadPartsAsync(page.Select(r => r.Id).ToList(), ct);
        var entries = page.Select(r => new Entry(r, r.ToCard(parts, urls), parts, LinksOf(r),
            InlineImages.WithSrcset(urls.Absolute(r.BodyHtml), parts.Media, urls))).ToList();

        var feedUrl = $"{urls.Base}/api/v1/feeds/{scope.Path}.{format.ToString().ToLowerInvariant()}";
        var next = rows.Count > Size ? cursors.Encode(cursorScope, page[^1].SortKeyText, page[^1].Id.ToString(CultureInfo.InvariantCulture)) : null;
        var links = new FeedLinks(
            Self: cursor is null ? feedUrl : WithCursor(feedUrl, cursor),
            First: feedUrl,
            Next: next is null ? null : WithCursor(feedUrl, next),
            Home: Home(scope),
            Image: scope.ImageUrl ?? NullIfBlank(options.Value.SiteLogoUrl));

        var changes = entries.Select(e => e.Changed).ToList();
        if (scope.UpdatedAt is not null) { changes.Add(Timestamps.Parse(scope.UpdatedAt)); }
        var lastModified = changes.DefaultIfEmpty(DateTime.UnixEpoch).Max();
        var body = format switch
        {
            FeedFormat.Rss => Xml(Rss(scope, entries, links, lastModified)),
            FeedFormat.Atom => Xml(AtomFeed(scope, entries, links, lastModified)),
            _ => JsonFeed(scope, entries, links),
        };
        return new WrittenFeed(body, lastModified);
    }

    static string WithCursor(string url, string cursor) => $"{url}?cursor={Uri.EscapeDataString(cursor)}";

    static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    sealed record FeedLinks(string Self, string First, string? Next, string Home, string? Image);

    /// <param name="Page">The HTML page from Cms:ArticleUrlTemplate, when there is one.</param>
    /// <param name="Json">The article in this API.</param>
    sealed record ArticleLinks(string? Page, string Json)
    {
        public string Main => Page ?? Json;
    }

    /// <param name="BodyHtml">The body with links and images made absolute (a feed is read far from the API), images
    /// with versioned URLs, sizes and srcset.</param>
    sealed record Entry(ArticleRow Row, ArticleCardResponse Card, ArticleParts Parts, ArticleLinks Links, string BodyHtml)
    {
        public string Id => ItemId(Row.Id);
        public IEnumerable<string> Categories => new[] { Card.Channel.Name }.Concat(Card.Tags).Distinct();
        public IEnumerable<string> Authors => Card.Bylines.Where(b => WritingRoles.Contains(b.Role)).Select(b => b.Author.Name).Distinct();
        public IEnumerable<string> Contributors => Card.Bylines.Where(b => !WritingRoles.Contains(b.Role)).Select(b => b.Author.Name).Distinct().Except(Authors);

        public string Summary => Card.Summary ?? Excerpt(HtmlText.ToPlainText(Row.BodyHtml));
        public DateTime Published => Card.PublishedAt ?? Card.CreatedAt;

        /// <summary>A scheduled article changes for its readers when it appears: never earlier than its publish time.</summary>
        public DateTime Updated => Card.UpdatedAt > Published ? Card.UpdatedAt : Published;

        /// <summary>When anything the item shows last changed: the article, its authors' names, its images.</summary>
        public DateTime Changed
        {
            get
            {
                var shown = Row.LastModified(Parts);
                return shown > Updated ? shown : Updated;
            }
        }

        public MediaRow? Cover => Row.CoverMediaId is { } id && Parts.Media.TryGetValue(id, out var m) ? m : null;

        static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";
    }

    static XElement AtomLink(string rel, string href, string type) =>
        new(Atom + "link", new XAttribute("rel", rel), new XAttribute("type", type), new XAttribute("href", href));

    IEnumerable<XElement> MediaElements(MediaRow cover)
    {
        var content = new XElement(MediaRss + "content",
            new XAttribute("url", CoverUrl(cover)), new XAttribute("type", cover.ContentType), new XAttribute("medium", "image"),
            new XAttribute("fileSize", cover.ByteSize));
        if (cover.Width is { } w && cover.Height is { } h) { content.Add(new XAttribute("width", w), new XAttribute("height", h)); }
        if (cover.Alt is { Length: > 0 } alt) { content.Add(new XElement(MediaRss + "description", alt)); }
        if (cover.Credit is { Length: > 0 } credit) { content.Add(new XElement(MediaRss + "credit", credit)); }
        yield return content;

        // The smallest standard variant at least ThumbnailWidth wide; a small image is its own thumbnail.
        var variant = VariantSpec.WidthsUpTo(cover.Width).Where(v => v >= ThumbnailWidth && v < cover.Width).DefaultIfEmpty(0).Min();
        var thumbnail = new XElement(MediaRss + "thumbnail", new XAttribute("url", variant > 0 ? $"{CoverUrl(cover)}&w={variant}" : CoverUrl(cover)));
        if (cover.Width is { } width && cover.Height is { } height)
        {
            var (tw, th) = variant > 0 ? (variant, (long)Math.Round((double)height * variant / width)) : (width, height);
            thumbnail.Add(new XAttribute("width", tw), new XAttribute("height", th));
        }
        yield return thumbnail;
    }

    string CoverUrl(MediaRow cover) => urls.MediaContent(cover.Id, cover.Sha256);

    static byte[] Xml(XElement root)
    {
        StripInvalidXmlCharacters(root);
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(xml);
        }
        return stream.ToArray();
    }

    /// <summary>Input refuses control characters, but stored data may be older than that rule or written around the API:
    /// a character XML 1.0 cannot carry (U+0001, a lone surrogate) is left out rather than failing the whole feed.</summary>
    static void StripInvalidXmlCharacters(XElement root)
    {
        foreach (var text in root.DescendantNodes().OfType<XText>()) { text.Value = XmlSafe(text.Value); }
        foreach (var attribute in root.DescendantsAndSelf().SelectMany(e => e.Attributes())) { attribute.Value = XmlSafe(attribute.Value); }
    }

    internal static string XmlSafe(string text)
    {
        var firstInvalid = FirstInvalidXmlCharacter(text, 0);
        if (firstInvalid < 0) { return text; }
        var kept = new StringBuilder(text.Length);
        var start = 0;
        for (var i = firstInvalid; i >= 0; i = FirstInvalidXmlCharacter(text, start))
        {
            kept.Append(text, start, i - start);
            start = i + 1;
        }
        return kept.Append(text, start, text.Length - start).ToString();
    }

    static int FirstInvalidXmlCharacter(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (!XmlConvert.IsXmlChar(text[i])) { return i; }
        }
        return -1;
    }

    DateTimeOffset Local(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(options.Value.LocalTimeOffset);

    ArticleLinks LinksOf(ArticleRow row)
    {
        var json = $"{urls.Base}/api/v1/articles/{row.Id}";
        var template = options.Value.ArticleUrlTemplate;
        if (string.IsNullOrWhiteSpace(template)) { return new ArticleLinks(null, json); }
        return new ArticleLinks(template
            .Replace("{id}", row.Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{station}", row.StationSlug, StringComparison.Ordinal)
            .Replace("{channel}", row.ChannelSlug, StringComparison.Ordinal)
            .Replace("{base}", urls.Base, StringComparison.Ordinal), json);
    }

    /// <summary>The feed's home: the front page of the site that Cms:ArticleUrlTemplate names (its pages live there), else
    /// the feed's articles as a JSON list of this API (the API's own root is no page).</summary>
    string Home(FeedScope scope)
    {
        var template = options.Value.ArticleUrlTemplate;
        return !string.IsNullOrWhiteSpace(template) && !template.Contains("{base}", StringComparison.Ordinal)
               && Uri.TryCreate(template, UriKind.Absolute, out var page) && page.Scheme is "http" or "https"
            ? page.GetLeftPart(UriPartial.Authority) + "/"
            : $"{urls.Base}/api/v1/{scope.Listing}";
    }
}
