using System.Globalization;
using System.Xml.Linq;

namespace Cms.Api.Features.Feeds;

/// <summary>Atom 1.0, dates in the portal's local time.</summary>
public sealed partial class FeedWriter
{
    XElement AtomFeed(FeedScope scope, List<Entry> entries, FeedLinks links, DateTime lastModified)
    {
        var feed = new XElement(Atom + "feed",
            new XAttribute(XNamespace.Xmlns + "media", MediaRss.NamespaceName),
            new XAttribute(XNamespace.Xml + "lang", "zh-CN"),
            new XElement(Atom + "id", "urn:cms:feed:" + scope.Path),
            new XElement(Atom + "title", new XAttribute("type", "text"), scope.Title),
            new XElement(Atom + "subtitle", new XAttribute("type", "text"), scope.Description),
            new XElement(Atom + "updated", Rfc3339Local(lastModified)),
            new XElement(Atom + "author", new XElement(Atom + "name", options.Value.SiteName)),
            new XElement(Atom + "generator", options.Value.SiteName),
            links.Image is null ? null : new XElement(Atom + "logo", links.Image),
            AtomLink("self", links.Self, "application/atom+xml"),
            AtomLink("first", links.First, "application/atom+xml"),
            links.Next is null ? null : AtomLink("next", links.Next, "application/atom+xml"),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("href", links.Home)));
        feed.Add(entries.Select(AtomEntry));
        return feed;
    }

    XElement AtomEntry(Entry e)
    {
        var cover = e.Cover;
        return new XElement(Atom + "entry",
            new XElement(Atom + "id", e.Id),
            new XElement(Atom + "title", new XAttribute("type", "text"), e.Card.Title),
            new XElement(Atom + "published", Rfc3339Local(e.Published)),
            new XElement(Atom + "updated", Rfc3339Local(e.Updated)),
            e.Authors.Select(a => new XElement(Atom + "author", new XElement(Atom + "name", a))),
            e.Contributors.Select(c => new XElement(Atom + "contributor", new XElement(Atom + "name", c))),
            e.Links.Page is { } page ? AtomLink("alternate", page, "text/html") : null,
            AtomLink("alternate", e.Links.Json, "application/json"),
            cover is null ? null : new XElement(Atom + "link", new XAttribute("rel", "enclosure"), new XAttribute("type", cover.ContentType),
                new XAttribute("length", cover.ByteSize), new XAttribute("href", CoverUrl(cover))),
            e.Categories.Select(c => new XElement(Atom + "category", new XAttribute("term", c))),
            e.Card.Credit is { } credit ? new XElement(Atom + "rights", new XAttribute("type", "text"), credit) : null,
            e.Card.Source is { } source ? new XElement(Atom + "source", new XElement(Atom + "title", source)) : null,
            new XElement(Atom + "summary", new XAttribute("type", "text"), e.Summary),
            new XElement(Atom + "content", new XAttribute("type", "html"), e.BodyHtml),
            cover is null ? null : MediaElements(cover));
    }

    /// <summary>Atom dates in the portal's local time: "2024-01-02T14:36:00+08:00".</summary>
    string Rfc3339Local(DateTime utc) => Local(utc).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
