using System.Globalization;
using System.Text.RegularExpressions;
using Ganss.Xss;

namespace Cms.Api.Features.Articles;

public sealed record SanitizedBody(string Html, IReadOnlyList<long> InlineMediaIds);

/// <summary>Article bodies keep their structure (paragraphs, headings, lists, links, images, figures, tables) and
/// lose everything that could run: scripts, event handlers, styles, javascript: and data: URLs.</summary>
public sealed partial class ArticleHtmlSanitizer
{
    static readonly HashSet<string> DroppedWithContent =
        ["script", "style", "iframe", "frame", "frameset", "object", "embed", "noscript", "template", "svg", "math", "head", "title"];

    readonly HtmlSanitizer sanitizer = Create();

    public SanitizedBody Sanitize(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) { return new SanitizedBody(string.Empty, []); }
        var clean = sanitizer.Sanitize(html).Trim();
        var mediaIds = ImageSource().Matches(clean)
            .Select(m => MediaContentPath().Match(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)))
            .Where(m => m.Success)
            .Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .ToList();
        return new SanitizedBody(clean, mediaIds);
    }

    static HtmlSanitizer Create()
    {
        var s = new HtmlSanitizer();
        s.AllowedTags.Clear();
        s.AllowedTags.UnionWith([
            "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark",
            "blockquote", "q", "cite", "pre", "code", "span", "div", "ul", "ol", "li", "dl", "dt", "dd", "a", "img",
            "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
        ]);
        s.AllowedAttributes.Clear();
        s.AllowedAttributes.UnionWith([
            "href", "title", "target", "rel", "src", "alt", "width", "height", "colspan", "rowspan", "scope", "headers",
            "lang", "dir", "cite", "datetime", "start", "reversed", "type",
        ]);
        s.AllowedSchemes.Clear();
        s.AllowedSchemes.UnionWith(["http", "https", "mailto", "tel"]);
        s.AllowedCssProperties.Clear();
        s.AllowedAtRules.Clear();
        s.AllowedClasses.Clear();
        s.AllowDataAttributes = false;
        // Unknown wrappers (<font>, <center>) give way to their text; these go with everything inside them.
        s.KeepChildNodes = true;
        s.RemovingTag += (_, e) =>
        {
            if (DroppedWithContent.Contains(e.Tag.LocalName)) { e.Tag.InnerHtml = string.Empty; }
        };
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link && link.GetAttribute("target") == "_blank")
            {
                link.SetAttribute("rel", "noopener noreferrer");
            }
        };
        return s;
    }

    [GeneratedRegex("<img\\b[^>]*?\\ssrc=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ImageSource();

    [GeneratedRegex(@"/api/v1/media/(\d{1,18})/content(?:[?#]|$)")]
    private static partial Regex MediaContentPath();
}
