using System.Globalization;
using System.Text.RegularExpressions;
using Cms.Api.Features.Media;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Articles;

/// <summary>Makes the body's pictures of this API's media responsive as it is read: each &lt;img&gt; whose src is a
/// medium's plain URL gets its versioned URL, a srcset of the widths the image has, and its width and height (so the
/// page does not jump while it loads). Images elsewhere, and ones already pointing at a chosen variant, stay as written.</summary>
public static partial class InlineImages
{
    public static string WithSrcset(string html, IReadOnlyDictionary<long, MediaRow> media, PublicUrls urls)
    {
        if (!html.Contains("<img", StringComparison.Ordinal)) { return html; }
        var own = urls.Base + "/api/v1/media/";
        return ImgTag().Replace(html, tag =>
        {
            var src = MediaSrc().Match(tag.Value);
            if (!src.Success || !src.Groups["url"].Value.StartsWith(own, StringComparison.Ordinal) || SrcsetAttribute().IsMatch(tag.Value)
                || !long.TryParse(src.Groups["id"].Value, CultureInfo.InvariantCulture, out var id) || !media.TryGetValue(id, out var medium))
            {
                return tag.Value;
            }
            var extra = medium.Width is { } w && medium.Height is { } h && !SizeAttribute().IsMatch(tag.Value) ? $" width=\"{w}\" height=\"{h}\"" : "";
            extra += $" srcset=\"{Attribute(urls.Srcset(id, medium.Sha256, medium.Width))}\"";
            var rewritten = tag.Value.Replace(src.Value, $"src=\"{Attribute(urls.MediaContent(id, medium.Sha256))}\"", StringComparison.Ordinal);
            var end = rewritten.EndsWith("/>", StringComparison.Ordinal) ? rewritten.Length - 2 : rewritten.Length - 1;
            return rewritten[..end].TrimEnd() + extra + rewritten[end..];
        });
    }

    static string Attribute(string value) => value.Replace("&", "&amp;", StringComparison.Ordinal);

    [GeneratedRegex("<img\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ImgTag();

    /// <summary>A medium's plain URL: no query, or only its version (v=…).</summary>
    [GeneratedRegex("\\bsrc=\"(?<url>[^\"]*/api/v1/media/(?<id>\\d+)/content)(?:\\?v=[0-9a-f]+)?\"", RegexOptions.IgnoreCase)]
    private static partial Regex MediaSrc();

    [GeneratedRegex("\\ssrcset=", RegexOptions.IgnoreCase)]
    private static partial Regex SrcsetAttribute();

    [GeneratedRegex("\\s(width|height)=", RegexOptions.IgnoreCase)]
    private static partial Regex SizeAttribute();
}
