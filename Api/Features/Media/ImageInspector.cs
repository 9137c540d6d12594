using NetVips;

namespace Cms.Api.Features.Media;

public sealed record ImageFormat(string ContentType, string Extension);

public sealed record ImageInfo(ImageFormat Format, int Width, int Height);

public sealed record ImageCheck(int Width, int Height, bool TooManyPixels)
{
    public static readonly ImageCheck Unreadable = new(0, 0, false);

    public bool IsReadable => Width > 0 && Height > 0;
}

/// <summary>Tells what an uploaded file is from its bytes, never from the name or the client's content type.</summary>
public static class ImageInspector
{
    public static readonly ImageFormat Jpeg = new("image/jpeg", ".jpg");
    public static readonly ImageFormat Png = new("image/png", ".png");
    public static readonly ImageFormat Gif = new("image/gif", ".gif");
    public static readonly ImageFormat WebP = new("image/webp", ".webp");

    public const int SniffLength = 16;

    public static ImageFormat? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith<byte>([0xFF, 0xD8, 0xFF])) { return Jpeg; }
        if (head.StartsWith<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) { return Png; }
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) { return Gif; }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) { return WebP; }
        return null;
    }

    /// <summary>Reads width and height from the header, refuses a size over the pixel limit before any pixel is decoded
    /// (a tiny file can declare a huge image), then decodes the whole image once so a truncated or corrupt file is caught.</summary>
    /// <returns>Null when the file cannot be decoded as an image of its kind.</returns>
    public static ImageCheck Check(string path, long maxPixels)
    {
        try
        {
            using var image = Image.NewFromFile(path, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
            if ((long)image.Width * image.Height > maxPixels) { return new ImageCheck(image.Width, image.Height, TooManyPixels: true); }
            image.Avg();
            return new ImageCheck(image.Width, image.Height, TooManyPixels: false);
        }
        catch (VipsException)
        {
            return ImageCheck.Unreadable;
        }
    }
}
