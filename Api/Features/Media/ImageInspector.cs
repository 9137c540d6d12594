using NetVips;

namespace Cms.Api.Features.Media;

public sealed record ImageFormat(string ContentType, string Extension);

public sealed record ImageInfo(ImageFormat Format, int Width, int Height);

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

    /// <summary>Reads width and height from the header only: no pixels are decoded.</summary>
    /// <returns>Null when the file cannot be read as an image of its kind.</returns>
    public static (int Width, int Height)? ReadSize(string path)
    {
        try
        {
            using var image = Image.NewFromFile(path, access: Enums.Access.Sequential);
            return (image.Width, image.Height);
        }
        catch (VipsException)
        {
            return null;
        }
    }
}
