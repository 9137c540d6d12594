using NetVips;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>Real image bytes, encoded by libvips, so uploads are tested with what phones and editors send.</summary>
public static class TestImages
{
    public static byte[] Jpeg(int width = 64, int height = 48) => Draw(width, height).JpegsaveBuffer(q: 80);

    public static byte[] Png(int width = 64, int height = 48) => Draw(width, height).PngsaveBuffer();

    public static byte[] Gif(int width = 64, int height = 48) => Draw(width, height).GifsaveBuffer();

    public static byte[] WebP(int width = 64, int height = 48) => Draw(width, height).WebpsaveBuffer(q: 80);

    static Image Draw(int width, int height)
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
}
