using System.Globalization;
using System.Xml.Linq;

namespace Cms.Api.Features.Feeds;

/// <summary>RSS 2.0 with the content, dc, atom and media namespaces declared on the root under their usual prefixes.</summary>
public sealed partial class FeedWriter
{
    XElement Rss(FeedScope scope, List<Entry> entries, FeedLinks links, DateTime lastModified)
    {
        var channel = new XElement("channel",
            new XElement("title", scope.Title),
            new XElement("link", links.Home),
            new XElement("description", EscapedHtml(scope.Description)),
            new XElement("language", "zh-CN"),
            new XElement("lastBuildDate", Rfc822(lastModified)),
            new XElement("generator", options.Value.SiteName),
            AtomLink("self", links.Self, "application/rss+xml"),
            AtomLink("first", links.First, "application/rss+xml"),
            links.Next is null ? null : AtomLink("next", links.Next, "application/rss+xml"),
            links.Image is null ? null : new XElement("image",
                new XElement("url", links.Image), new XElement("title", scope.Title), new XElement("link", links.Home)));
        channel.Add(entries.Select(RssItem));
        return new XElement("rss",
            new XAttribute("version", "2.0"),
            new XAttribute(XNamespace.Xmlns + "content", ContentModule.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "dc", DublinCore.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "atom", Atom.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "media", MediaRss.NamespaceName),
            channel);
    }

    XElement RssItem(Entry e)
    {
        var cover = e.Cover;
        return new XElement("item",
            new XElement("title", e.Card.Title),
            new XElement("link", e.Links.Main),
            new XElement("guid", new XAttribute("isPermaLink", "false"), e.Id),
            new XElement("pubDate", Rfc822(e.Published)),
            // RSS 2.0's <author> must be an e-mail address; Dublin Core's creator carries a name.
            e.Authors.Select(a => new XElement(DublinCore + "creator", a)),
            e.Contributors.Select(c => new XElement(DublinCore + "contributor", c)),
            e.Card.Source is { } source ? new XElement(DublinCore + "source", source) : null,
            e.Card.Credit is { } credit ? new XElement(DublinCore + "rights", credit) : null,
            e.Categories.Select(c => new XElement("category", c)),
            new XElement("description", EscapedHtml(e.Summary)),
            new XElement(ContentModule + "encoded", e.BodyHtml),
            cover is null ? null : new XElement("enclosure",
                new XAttribute("url", CoverUrl(cover)), new XAttribute("length", cover.ByteSize), new XAttribute("type", cover.ContentType)),
            cover is null ? null : MediaElements(cover));
    }

    /// <summary>RSS readers show &lt;description&gt; as HTML, so plain text goes in HTML-escaped: a summary that reads
    /// "&lt;img onerror=…&gt;" (or "&amp;lt;img…", or a body whose text decodes to it) stays text on screen.</summary>
    static string EscapedHtml(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>RSS dates in the portal's local time, as RFC 822 with a four-digit year: "Tue, 02 Jan 2024 14:36:00 +0800".</summary>
    string Rfc822(DateTime utc)
    {
        var local = Local(utc);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return local.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) +
               $"{sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00}";
    }
}
