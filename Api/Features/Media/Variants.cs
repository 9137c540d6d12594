using System.Collections.Concurrent;
using System.Globalization;
using Cms.Api.Infrastructure;
using NetVips;

namespace Cms.Api.Features.Media;

public enum VariantFit { Contain, Cover }

/// <summary>A resized rendering of a medium. Only sizes, qualities and formats from the allow-lists exist, so the
/// variants on disk are bounded: nobody can fill it by asking for every width.</summary>
public sealed record VariantSpec(int? Width, int? Height, VariantFit Fit, ImageFormat Format, int Quality)
{
    public static readonly int[] Widths = [160, 320, 640, 960, 1280, 1920];
    public static readonly int[] Heights = [90, 120, 160, 180, 240, 320, 360, 480, 540, 640, 720, 960, 1080];
    public static readonly int[] Qualities = [50, 60, 70, 80, 90];
    public const int DefaultQuality = 80;

    public static readonly IReadOnlyDictionary<string, ImageFormat> Formats = new Dictionary<string, ImageFormat>
    {
        ["webp"] = ImageInspector.WebP,
        ["avif"] = ImageInspector.Avif,
        ["jpeg"] = ImageInspector.Jpeg,
        ["png"] = ImageInspector.Png,
    };

    /// <summary>The file name of this variant of a medium, focal point included (moving it makes a new crop).</summary>
    public string FileName(double? focalX, double? focalY)
    {
        var focal = Fit == VariantFit.Cover && focalX is { } x && focalY is { } y
            ? string.Create(CultureInfo.InvariantCulture, $"-f{x:0.000}x{y:0.000}") : "";
        return $"w{Width}-h{Height}-{Fit.ToString().ToLowerInvariant()}{focal}-q{Quality}{Format.Extension}";
    }

    /// <summary>Widths for a srcset: the standard widths an image of this width can fill.</summary>
    public static IEnumerable<int> WidthsUpTo(long? width) => width is { } w ? Widths.Where(v => v <= w) : [];
}

/// <summary>Renders variants with libvips, once each: the first request writes the file (to a temporary name, then moved
/// into place), requests for it at the same time wait for that, and later ones are served from disk.</summary>
public sealed class VariantRenderer(MediaFileStore files)
{
    readonly ConcurrentDictionary<string, Lazy<Task>> rendering = new();

    public async Task<string> PathOfAsync(MediaRow medium, VariantSpec spec)
    {
        var path = Path.Combine(files.VariantDirectory(medium.StorageName), spec.FileName(medium.FocalX, medium.FocalY));
        if (File.Exists(path)) { return path; }
        var render = rendering.GetOrAdd(path, p => new Lazy<Task>(() => Task.Run(() => Render(medium, spec, p))));
        try
        {
            await render.Value;
        }
        finally
        {
            rendering.TryRemove(path, out _);
        }
        return path;
    }

    void Render(MediaRow medium, VariantSpec spec, string path)
    {
        if (File.Exists(path)) { return; }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = files.NewTempPath();
        try
        {
            using (var image = Resize(files.PathOf(medium.StorageName), medium, spec))
            {
                ImageProcessor.Save(image, spec.Format, temp, spec.Quality);
            }
            // Flushed first: a variant is served for a year, so it must never come back empty after a crash.
            DurableFiles.FlushFile(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) { File.Delete(temp); }
        }
    }

    const int Unbounded = 10_000_000;

    static Image Resize(string source, MediaRow medium, VariantSpec spec)
    {
        var (w, h) = (spec.Width, spec.Height);
        if (spec.Fit == VariantFit.Contain || w is null || h is null)
        {
            return Image.Thumbnail(source, w ?? Unbounded, height: h ?? Unbounded, size: Enums.Size.Down);
        }
        if (medium.FocalX is not { } fx || medium.FocalY is not { } fy)
        {
            return Image.Thumbnail(source, w.Value, height: h.Value, size: Enums.Size.Down, crop: Enums.Interesting.Centre);
        }

        // Cover around the focal point: scale so the box is filled (never up), then cut the box centred on the point.
        using var full = Image.NewFromFile(source, access: Enums.Access.Random);
        var scale = Math.Min(1.0, Math.Max((double)w.Value / full.Width, (double)h.Value / full.Height));
        using var scaled = scale < 1.0 ? full.Resize(scale, kernel: Enums.Kernel.Lanczos3) : full.Copy();
        var (cw, ch) = (Math.Min(w.Value, scaled.Width), Math.Min(h.Value, scaled.Height));
        var left = Math.Clamp((int)Math.Round((fx * scaled.Width) - (cw / 2.0)), 0, scaled.Width - cw);
        var top = Math.Clamp((int)Math.Round((fy * scaled.Height) - (ch / 2.0)), 0, scaled.Height - ch);
        return scaled.ExtractArea(left, top, cw, ch);
    }
}

public static class MediaUrls
{
    /// <summary>Ready-made URLs for responsive images, up to the image's own width: "url&amp;w=160 160w, …, url 1600w".
    /// The standard widths it can fill are variants; when its own width is none of them, the served copy itself (already
    /// a web format, upright and without metadata) is the widest candidate, so a wide screen is not left at 1280w.</summary>
    public static string Srcset(this PublicUrls urls, long id, string sha256, long? width)
    {
        var url = urls.MediaContent(id, sha256);
        var candidates = VariantSpec.WidthsUpTo(width).Select(w => $"{url}&w={w} {w}w");
        if (width is { } own and > 0 && !VariantSpec.Widths.Contains((int)own)) { candidates = candidates.Append($"{url} {own}w"); }
        return string.Join(", ", candidates);
    }
}
