namespace Cms.Api.Features.Media;

public sealed record ImageFormat(string ContentType, string Extension, string Name);

/// <summary>Tells what an uploaded file is from its bytes, never from the name or the client's content type. Only the
/// formats of this allow-list are accepted; SVG, which can carry script, is not among them.</summary>
public static class ImageInspector
{
    public static readonly ImageFormat Jpeg = new("image/jpeg", ".jpg", "jpeg");
    public static readonly ImageFormat Png = new("image/png", ".png", "png");
    public static readonly ImageFormat Gif = new("image/gif", ".gif", "gif");
    public static readonly ImageFormat WebP = new("image/webp", ".webp", "webp");
    public static readonly ImageFormat Avif = new("image/avif", ".avif", "avif");

    public static readonly IReadOnlyList<ImageFormat> All = [Jpeg, Png, Gif, WebP, Avif];

    public const int SniffLength = 32;

    public static ImageFormat? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith<byte>([0xFF, 0xD8, 0xFF])) { return Jpeg; }
        if (head.StartsWith<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) { return Png; }
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) { return Gif; }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) { return WebP; }
        // ISO base media file: a 'ftyp' box whose major brand is AVIF (still image or sequence).
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && (head[8..12].SequenceEqual("avif"u8) || head[8..12].SequenceEqual("avis"u8)))
        {
            return Avif;
        }
        return null;
    }
}
