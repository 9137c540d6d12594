using Cms.Api.Infrastructure;
using NetVips;

namespace Cms.Api.Features.Media;

/// <summary>The result of cleaning an upload: the file that is served, turned upright and without metadata.</summary>
public sealed record CleanedImage(int Width, int Height);

/// <summary>Image work with libvips (NetVips): checks an upload, writes the copy that is served, and renders variants.</summary>
public static class ImageProcessor
{
    /// <summary>Checks the declared size before any pixel is decoded (a tiny file can declare a huge image), then decodes
    /// the whole image once (a truncated or corrupt file fails here) while writing the served copy: upright as the
    /// camera meant it (EXIF orientation applied) and without EXIF, XMP or IPTC (GPS included); the colour profile stays.</summary>
    public static CleanedImage Clean(string source, ImageFormat format, string target, long maxPixels)
    {
        try
        {
            int pages;
            bool upright;
            using (var header = Image.NewFromFile(source, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated))
            {
                if ((long)header.Width * header.Height > maxPixels)
                {
                    throw new ApiProblemException(ProblemTypes.UnprocessableImage,
                        $"The image declares {header.Width}×{header.Height} pixels, more than the {maxPixels:N0} allowed.",
                        new Dictionary<string, string[]> { ["file"] = ["The image has too many pixels."] });
                }
                pages = header.Contains("n-pages") ? (int)header.Get("n-pages") : 1;
                upright = !header.Contains("orientation") || (int)header.Get("orientation") == 1;
            }

            var animated = pages > 1 && (format == ImageInspector.Gif || format == ImageInspector.WebP);
            // Read top to bottom in one pass (little memory) unless the EXIF orientation asks for a turn.
            using var image = animated
                ? Image.NewFromFile(source, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated, kwargs: new VOption { { "n", -1 } })
                : Image.NewFromFile(source, access: upright ? Enums.Access.Sequential : Enums.Access.Random, failOn: Enums.FailOn.Truncated);
            if ((long)image.Width * image.Height > maxPixels * 4)
            {
                throw new ApiProblemException(ProblemTypes.UnprocessableImage, "The animation has too many pixels in all.",
                    new Dictionary<string, string[]> { ["file"] = ["The image has too many pixels."] });
            }
            using var turned = animated || upright ? image.Copy() : image.Autorot();
            // Baseline, not progressive: variants are made from this copy, and a baseline JPEG shrinks while it loads.
            Save(turned, format, target, quality: 90, progressive: false);
            var height = animated ? turned.PageHeight : turned.Height;
            return new CleanedImage(turned.Width, height);
        }
        catch (VipsException ex) when (StorageFailures.Classify(ex) is null)
        {
            throw new ApiProblemException(ProblemTypes.UnprocessableImage,
                $"The file starts like {format.ContentType} but cannot be read as one; it may be truncated or corrupt.",
                new Dictionary<string, string[]> { ["file"] = ["The image is truncated or corrupt."] });
        }
    }

    public static void Save(Image image, ImageFormat format, string target, int quality, bool progressive = true)
    {
        var keep = Enums.ForeignKeep.Icc;
        if (format == ImageInspector.Jpeg)
        {
            using var rgb = image.HasAlpha() ? image.Flatten(background: [255, 255, 255]) : image.Copy();
            rgb.Jpegsave(target, q: quality, interlace: progressive, optimizeCoding: true, keep: keep);
        }
        else if (format == ImageInspector.Png) { image.Pngsave(target, compression: 6, keep: keep); }
        else if (format == ImageInspector.Gif) { image.Gifsave(target, keep: keep); }
        else if (format == ImageInspector.WebP) { image.Webpsave(target, q: quality, keep: keep); }
        else { image.Heifsave(target, q: quality, compression: Enums.ForeignHeifCompression.Av1, effort: 2, keep: keep); }
    }
}
