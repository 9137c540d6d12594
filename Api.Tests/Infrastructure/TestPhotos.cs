using System.Text;
using NetVips;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Images as phones and editors send them, made with libvips: photos carrying EXIF orientation, a location (GPS)
/// and XMP, every allowed format, pictures whose pixels a test can check, and a reader that tells what a served file holds.
/// Identical uploads share one stored file, so each call returns bytes no other call returns unless a test asks for the same.</summary>
public static class TestPhotos
{
    public static readonly string[] Formats = ["jpeg", "png", "gif", "webp", "avif"];

    public const string Latitude = "exif-ifd3-GPSLatitude";

    const string XmpWithLocation = """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="45,15.2N" exif:GPSLongitude="124,17.5E"/>
        </rdf:RDF></x:xmpmeta>
        """;

    static int counter;

    /// <summary>A gradient image in this format, marked so that its bytes are its own.</summary>
    public static byte[] Unique(string format = "jpeg", int width = 64, int height = 48)
    {
        using var image = Gradient(width, height);
        return Encode(image, format);
    }

    /// <summary>A phone photo: a gradient with the camera's orientation tag, its make and model, where it was taken (GPS in
    /// EXIF and in XMP) and when.</summary>
    public static byte[] Phone(string format = "jpeg", int width = 400, int height = 300, int orientation = 1)
    {
        using var image = Gradient(width, height);
        return Encode(WithPersonalMetadata(image, orientation), format, keepAll: true);
    }

    /// <summary>Left half red, right half blue: where a crop was taken, or which way an image was turned, shows in its pixels.</summary>
    public static byte[] Halves(string format = "png", int width = 400, int height = 300, int orientation = 1)
    {
        using var red = Image.Black(width / 2, height, bands: 3) + new double[] { 255, 0, 0 };
        using var blue = Image.Black(width - (width / 2), height, bands: 3) + new double[] { 0, 0, 255 };
        using var both = red.Join(blue, Enums.Direction.Horizontal);
        using var bytes = both.Cast(Enums.BandFormat.Uchar);
        using var marked = Mark(bytes, topRow: height - 1);
        return orientation == 1 ? Encode(marked, format) : Encode(WithPersonalMetadata(marked, orientation), format, keepAll: true);
    }

    /// <summary>A JPEG whose header (its SOF marker) declares another size than its pixels: a decompression bomb.</summary>
    public static byte[] JpegDeclaring(int width, int height)
    {
        var jpeg = Unique("jpeg");
        var sof = Enumerable.Range(2, jpeg.Length - 10).First(i => jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2);
        jpeg[sof + 5] = (byte)(height >> 8);
        jpeg[sof + 6] = (byte)height;
        jpeg[sof + 7] = (byte)(width >> 8);
        jpeg[sof + 8] = (byte)width;
        return jpeg;
    }

    /// <summary>A JPEG in the Display P3 colour space with its ICC profile embedded, as recent phones take them.</summary>
    public static byte[] WithColourProfile(int width = 120, int height = 90)
    {
        using var image = Gradient(width, height);
        using var p3 = image.IccTransform("p3", inputProfile: "srgb");
        return p3.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.Icc);
    }

    /// <summary>An animated GIF of several frames, each <paramref name="width"/>×<paramref name="pageHeight"/>.</summary>
    public static byte[] AnimatedGif(int width, int pageHeight, int frames)
    {
        using var strip = Gradient(width, pageHeight * frames);
        using var animation = strip.Mutate(m => m.Set(GValue.GIntType, "page-height", pageHeight));
        return animation.GifsaveBuffer();
    }

    /// <summary>What libvips reads from these bytes: format, size (of the first frame), frames and every metadata field.</summary>
    public static ImageFacts Read(byte[] bytes)
    {
        using var image = Image.NewFromBuffer(bytes);
        var fields = image.GetFields();
        var loader = (string)image.Get("vips-loader");
        return new ImageFacts(FormatOf(loader), image.Width, image.Height, fields,
            fields.Contains("orientation") ? (int)image.Get("orientation") : null,
            fields.Contains("icc-profile-data"),
            fields.Contains("n-pages") ? (int)image.Get("n-pages") : 1);
    }

    /// <summary>The colour at this point of the decoded image: "red", "blue" or "other".</summary>
    public static string ColourAt(byte[] bytes, int x, int y)
    {
        using var image = Image.NewFromBuffer(bytes);
        var p = image.Getpoint(x, y);
        return p[0] > 180 && p[1] < 80 && p[2] < 80 ? "red" : p[0] < 80 && p[1] < 80 && p[2] > 180 ? "blue" : "other";
    }

    public static byte[] Encode(Image image, string format, bool keepAll = false)
    {
        var keep = keepAll ? Enums.ForeignKeep.All : Enums.ForeignKeep.None;
        return format switch
        {
            "jpeg" => image.JpegsaveBuffer(q: 85, keep: keep),
            "png" => image.PngsaveBuffer(keep: keep),
            "gif" => image.GifsaveBuffer(keep: keep),
            "webp" => image.WebpsaveBuffer(q: 85, keep: keep),
            "avif" => image.HeifsaveBuffer(q: 60, compression: Enums.ForeignHeifCompression.Av1, effort: 0, keep: keep),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a format the tests make"),
        };
    }

    static Image WithPersonalMetadata(Image image, int orientation) => image.Mutate(m =>
    {
        m.Set(GValue.GIntType, "orientation", orientation);
        m.Set(GValue.GStrType, "exif-ifd0-Make", "Xiaomi");
        m.Set(GValue.GStrType, "exif-ifd0-Model", "Redmi Note 12");
        m.Set(GValue.GStrType, "exif-ifd2-DateTimeOriginal", "2024:01:02 14:36:00");
        m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N");
        m.Set(GValue.GStrType, Latitude, "45/1 15/1 1200/100");
        m.Set(GValue.GStrType, "exif-ifd3-GPSLongitudeRef", "E");
        m.Set(GValue.GStrType, "exif-ifd3-GPSLongitude", "124/1 17/1 3000/100");
        m.Set(GValue.BlobType, "xmp-data", Encoding.UTF8.GetBytes(XmpWithLocation));
    });

    /// <summary>A gradient with a row of black and white cells near its top that spell a counter: no two are alike, even
    /// after lossy compression.</summary>
    static Image Gradient(int width, int height)
    {
        using var bytes = PlainGradient(width, height);
        return Mark(bytes, topRow: 0);
    }

    /// <summary>Red across, green down: the same pixels for the same size, so such images are identical uploads.</summary>
    internal static Image PlainGradient(int width, int height)
    {
        using var xy = Image.Xyz(width, height);
        using var x = xy[0];
        using var y = xy[1];
        using var r = x * (255.0 / width);
        using var g = y * (255.0 / height);
        using var b = (x + y) * (127.0 / (width + height));
        using var joined = r.Bandjoin(g, b);
        return joined.Cast(Enums.BandFormat.Uchar);
    }

    static Image Mark(Image image, int topRow)
    {
        const int Bits = 12;
        var seed = Interlocked.Increment(ref counter);
        var cell = Math.Max(1, image.Width / Bits);
        var rows = Math.Min(8, image.Height);
        var top = Math.Max(0, Math.Min(topRow, image.Height - rows));
        return image.Mutate(m =>
        {
            for (var i = 0; i < Bits && (i + 1) * cell <= image.Width; i++)
            {
                m.DrawRect(((seed >> i) & 1) == 1 ? [255.0, 255, 255] : [0.0, 0, 0], i * cell, top, cell, rows, fill: true);
            }
        });
    }

    static string FormatOf(string loader) => loader switch
    {
        _ when loader.StartsWith("jpeg", StringComparison.Ordinal) => "jpeg",
        _ when loader.StartsWith("png", StringComparison.Ordinal) => "png",
        _ when loader.StartsWith("gif", StringComparison.Ordinal) => "gif",
        _ when loader.StartsWith("webp", StringComparison.Ordinal) => "webp",
        _ when loader.StartsWith("heif", StringComparison.Ordinal) => "avif",
        _ => loader,
    };
}

/// <summary>What a file holds, as libvips reads it.</summary>
public sealed record ImageFacts(
    string Format, int Width, int Height, IReadOnlyList<string> Fields, int? Orientation, bool HasColourProfile, int Pages)
{
    /// <summary>Any EXIF, XMP or IPTC block: camera, time, place and other personal metadata.</summary>
    public IReadOnlyList<string> PersonalMetadata => Fields
        .Where(f => f is "exif-data" or "xmp-data" or "iptc-data" || f.StartsWith("exif-", StringComparison.Ordinal))
        .ToList();

    public bool HasLocation => Fields.Any(f => f.StartsWith("exif-ifd3-GPS", StringComparison.Ordinal));
}
