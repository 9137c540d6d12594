using NetVips;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Real image bytes, encoded by libvips, the same bytes for the same size (see <see cref="TestPhotos"/> for
/// photos with metadata and bytes of their own).</summary>
public static class TestImages
{
    public static byte[] Jpeg(int width = 64, int height = 48) => Encode(width, height, i => i.JpegsaveBuffer(q: 80));

    public static byte[] Png(int width = 64, int height = 48) => Encode(width, height, i => i.PngsaveBuffer());

    public static byte[] Gif(int width = 64, int height = 48) => Encode(width, height, i => i.GifsaveBuffer());

    public static byte[] WebP(int width = 64, int height = 48) => Encode(width, height, i => i.WebpsaveBuffer(q: 80));

    static byte[] Encode(int width, int height, Func<Image, byte[]> save)
    {
        using var image = TestPhotos.PlainGradient(width, height);
        return save(image);
    }
}
