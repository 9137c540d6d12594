using System.Collections.Concurrent;
using System.Globalization;
using Cms.Api.Infrastructure;
using Microsoft.Extensions.Options;
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

    /// <summary>The spec that renders the same pixels with the fewest parameters, so that URLs differing only in what changes
    /// nothing share one file: PNG is lossless (no quality), nothing is scaled up (a box at or above the image's size is
    /// the image's size), and a contain box is bound by one side only.</summary>
    public VariantSpec Canonical(long? imageWidth, long? imageHeight)
    {
        var spec = Format == ImageInspector.Png ? this with { Quality = DefaultQuality } : this;
        if (imageWidth is not > 0 || imageHeight is not > 0) { return spec; }
        var (iw, ih) = (imageWidth.Value, imageHeight.Value);
        if (spec is { Fit: VariantFit.Cover, Width: { } w, Height: { } h })
        {
            // Filled without scaling up: the image at its own size, cut to the box where the box is smaller.
            return Math.Max((double)w / iw, (double)h / ih) >= 1 ? spec with { Width = (int)Math.Min(w, iw), Height = (int)Math.Min(h, ih) } : spec;
        }
        var byWidth = spec.Width is { } cw ? (double)cw / iw : double.PositiveInfinity;
        var byHeight = spec.Height is { } ch ? (double)ch / ih : double.PositiveInfinity;
        if (Math.Min(byWidth, byHeight) >= 1) { return spec with { Width = null, Height = null, Fit = VariantFit.Contain }; }
        return byWidth <= byHeight ? spec with { Height = null, Fit = VariantFit.Contain } : spec with { Width = null, Fit = VariantFit.Contain };
    }

    /// <summary>Widths for a srcset: the standard widths an image of this width can fill.</summary>
    public static IEnumerable<int> WidthsUpTo(long? width) => width is { } w ? Widths.Where(v => v <= w) : [];
}

/// <summary>Renders variants with libvips, once each: the first request writes the file (to a temporary name, then moved
/// into place), requests for it at the same time wait for that, and later ones are served from disk. Renderings share
/// the process's <see cref="RenderSlots"/>; a variant already on disk never waits for one.</summary>
public sealed class VariantRenderer(MediaFileStore files, IOptions<CmsOptions> options) : IDisposable
{
    readonly ConcurrentDictionary<string, Lazy<Task>> rendering = new();

    public RenderSlots Slots { get; } = new(options.Value.Media.MaxConcurrentRenders);

    /// <summary>How long a request waits for a rendering slot; also what its 503 asks to wait before retrying.</summary>
    public TimeSpan RequestWait => TimeSpan.FromSeconds(Math.Max(0, options.Value.Media.RenderWaitSeconds));

    /// <summary>The variant's file, opened for reading (rendered first when it is not on disk), so that the cache deleting
    /// it meanwhile cannot break the response. Throws <see cref="RenderBusyException"/> when no slot came free in time.</summary>
    public async Task<FileStream> OpenAsync(MediaRow medium, VariantSpec spec)
    {
        var path = Path.Combine(files.VariantDirectory(medium.StorageName), spec.FileName(medium.FocalX, medium.FocalY));
        for (var attempt = 1; ; attempt++)
        {
            if (TryOpen(path) is { } stream)
            {
                files.Variants.Touch(path);
                return stream;
            }
            if (attempt > 3) { throw new IOException($"The variant {path} was evicted each time it was rendered: Cms:Media:VariantCacheMegabytes is too small."); }
            await RenderAsync(medium, spec, path, RequestWait);
        }
    }

    public void Dispose() => Slots.Dispose();

    static FileStream? TryOpen(string path)
    {
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, useAsync: true); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    async Task RenderAsync(MediaRow medium, VariantSpec spec, string path, TimeSpan wait)
    {
        var render = rendering.GetOrAdd(path, p => new Lazy<Task>(() => Task.Run(async () =>
        {
            using var slot = await Slots.EnterAsync(wait);
            Render(medium, spec, p);
        })));
        try
        {
            await render.Value;
        }
        finally
        {
            rendering.TryRemove(new KeyValuePair<string, Lazy<Task>>(path, render));
        }
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
            files.Variants.Add(path, new FileInfo(path).Length);
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
