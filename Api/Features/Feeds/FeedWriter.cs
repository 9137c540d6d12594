using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using System.Xml.Linq;
using Cms.Api.Features.Articles;
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
public sealed record FeedScope(string Title, string Description, string Path, ArticleQuery Query);

/// <summary>Writes the newest published articles of a scope as RSS 2.0 or Atom 1.0 (System.ServiceModel.Syndication)
/// or JSON Feed 1.1, with absolute links, bylines as authors, the cover as enclosure and categories from channel and tags.</summary>
public sealed class FeedWriter(ArticleRepository articles, PublicUrls urls, IOptions<CmsOptions> options)
{
    public const int Size = 20;

    const string DublinCore = "http://purl.org/dc/elements/1.1/";
    const string ContentModule = "http://purl.org/rss/1.0/modules/content/";

    static readonly JsonSerializerOptions JsonFeedOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ContentType(FeedFormat format) => format switch
    {
        FeedFormat.Rss => "application/rss+xml; charset=utf-8",
        FeedFormat.Atom => "application/atom+xml; charset=utf-8",
        _ => "application/feed+json; charset=utf-8",
    };

    public async Task<byte[]> WriteAsync(FeedScope scope, FeedFormat format, CancellationToken ct)
    {
        var rows = await articles.ListAsync(scope.Query with { IncludeDrafts = false, WithBody = true, Sort = ArticleSort.PublishedDesc }, null, Size, ct);
        var parts = await articles.LoadPartsAsync(rows.Select(r => r.Id).ToList(), ct);
        var entries = rows.Select(r => new Entry(r, r.ToCard(parts, urls), ArticleLink(r), urls.Absolute(r.BodyHtml))).ToList();
        var self = $"{urls.Base}/api/v1/feeds/{scope.Path}.{format.ToString().ToLowerInvariant()}";
        return format == FeedFormat.Json ? JsonFeed(scope, entries, self) : Syndication(scope, entries, self, format);
    }

    /// <param name="BodyHtml">The body with links and images made absolute: a feed is read far from the API.</param>
    sealed record Entry(ArticleRow Row, ArticleCardResponse Card, string Link, string BodyHtml)
    {
        public IEnumerable<string> Categories => new[] { Card.Channel.Name }.Concat(Card.Tags).Distinct();

        public string Summary => Card.Summary ?? Excerpt(HtmlText.ToPlainText(Row.BodyHtml));
        public DateTime Published => Card.PublishedAt ?? Card.CreatedAt;

        static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";
    }

    byte[] Syndication(FeedScope scope, List<Entry> entries, string self, FeedFormat format)
    {
        var home = new Uri(urls.Base + "/");
        var feed = new SyndicationFeed(scope.Title, scope.Description, home)
        {
            Id = self,
            Language = "zh-CN",
            LastUpdatedTime = Local(entries.Count > 0 ? entries.Max(e => e.Card.UpdatedAt) : DateTime.UnixEpoch),
            Generator = options.Value.SiteName,
        };
        feed.Links.Add(new SyndicationLink(new Uri(self), "self", scope.Title, ContentType(format).Split(';')[0], 0));
        feed.Authors.Add(new SyndicationPerson { Name = options.Value.SiteName });
        feed.Items = entries.Select(e => Item(e, format, Local)).ToList();

        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            if (format == FeedFormat.Rss) { new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(xml); }
            else { new Atom10FeedFormatter(feed).WriteTo(xml); }
        }
        return stream.ToArray();
    }

    /// <summary>Feed dates in the portal's local time: RSS then reads "+0800" (RFC 822), Atom "+08:00" (RFC 3339).</summary>
    DateTimeOffset Local(DateTime utc) => new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(options.Value.LocalTimeOffset);

    static SyndicationItem Item(Entry e, FeedFormat format, Func<DateTime, DateTimeOffset> local)
    {
        var item = new SyndicationItem
        {
            Id = e.Link,
            Title = new TextSyndicationContent(e.Card.Title),
            Summary = new TextSyndicationContent(e.Summary),
            PublishDate = local(e.Published),
            LastUpdatedTime = local(e.Card.UpdatedAt),
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(e.Link), "text/html"));
        foreach (var category in e.Categories) { item.Categories.Add(new SyndicationCategory(category)); }
        if (e.Card.Cover is { } cover)
        {
            item.Links.Add(new SyndicationLink(new Uri(cover.Url), "enclosure", cover.Alt, cover.ContentType, cover.ByteSize));
        }
        if (format == FeedFormat.Atom)
        {
            item.Content = new TextSyndicationContent(e.BodyHtml, TextSyndicationContentKind.Html);
            foreach (var byline in e.Card.Bylines) { item.Authors.Add(new SyndicationPerson { Name = byline.Author.Name }); }
        }
        else
        {
            // RSS 2.0's <author> must be an e-mail address; Dublin Core's creator carries a name.
            foreach (var byline in e.Card.Bylines) { item.ElementExtensions.Add(new XElement(XName.Get("creator", DublinCore), byline.Author.Name)); }
            item.ElementExtensions.Add(new XElement(XName.Get("encoded", ContentModule), e.BodyHtml));
        }
        return item;
    }

    byte[] JsonFeed(FeedScope scope, List<Entry> entries, string self) => JsonSerializer.SerializeToUtf8Bytes(new JsonFeedDocument
    {
        Title = scope.Title,
        Description = scope.Description,
        HomePageUrl = urls.Base + "/",
        FeedUrl = self,
        Language = "zh-CN",
        Authors = [new JsonFeedAuthor { Name = options.Value.SiteName }],
        Items = entries.Select(e => new JsonFeedItem
        {
            Id = e.Link,
            Url = e.Link,
            Title = e.Card.Title,
            ContentHtml = e.BodyHtml,
            Summary = e.Summary,
            Image = e.Card.Cover?.Url,
            DatePublished = Rfc3339(e.Published),
            DateModified = Rfc3339(e.Card.UpdatedAt),
            Authors = e.Card.Bylines.Select(b => new JsonFeedAuthor { Name = b.Author.Name }).ToList(),
            Tags = e.Categories.ToList(),
        }).ToList(),
    }, JsonFeedOptions);

    static string Rfc3339(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    string ArticleLink(ArticleRow row)
    {
        var template = options.Value.ArticleUrlTemplate;
        if (string.IsNullOrWhiteSpace(template)) { return $"{urls.Base}/api/v1/articles/{row.Id}"; }
        return template
            .Replace("{id}", row.Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{station}", row.StationSlug, StringComparison.Ordinal)
            .Replace("{channel}", row.ChannelSlug, StringComparison.Ordinal)
            .Replace("{base}", urls.Base, StringComparison.Ordinal);
    }
}

public sealed class JsonFeedDocument
{
    public string Version { get; init; } = "https://jsonfeed.org/version/1.1";
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string HomePageUrl { get; init; }
    public required string FeedUrl { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<JsonFeedAuthor>? Authors { get; init; }
    public required IReadOnlyList<JsonFeedItem> Items { get; init; }
}

public sealed class JsonFeedAuthor
{
    public required string Name { get; init; }
}

public sealed class JsonFeedItem
{
    public required string Id { get; init; }
    public string? Url { get; init; }
    public string? Title { get; init; }
    public string? ContentHtml { get; init; }
    public string? Summary { get; init; }
    public string? Image { get; init; }
    public string? DatePublished { get; init; }
    public string? DateModified { get; init; }
    public IReadOnlyList<JsonFeedAuthor>? Authors { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
}
