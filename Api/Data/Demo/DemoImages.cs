using NetVips;

namespace Cms.Api.Data.Demo;

/// <summary>Real image bytes for the demo portal, drawn in code: a colour gradient with soft bands, like a blurred photo.</summary>
public static class DemoImages
{
    public static byte[] Jpeg(int width, int height, int hue) => Draw(width, height, hue).JpegsaveBuffer(q: 82, keep: Enums.ForeignKeep.None);

    public static byte[] Png(int width, int height, int hue) => Draw(width, height, hue).PngsaveBuffer(compression: 6, keep: Enums.ForeignKeep.None);

    static Image Draw(int width, int height, int hue)
    {
        using var xy = Image.Xyz(width, height);
        using var x = xy[0];
        using var y = xy[1];
        var h = hue % 360 / 360.0;
        using var r = (x * (160.0 / width)) + (55 + (100 * h));
        using var g = (y * (140.0 / height)) + (70 + (60 * (1 - h)));
        using var waves = ((x + y) * (Math.PI / 90)).Math(Enums.OperationMath.Sin);
        using var b = (waves * 40) + (120 + (80 * h));
        using var joined = r.Bandjoin(g, b);
        return joined.Cast(Enums.BandFormat.Uchar);
    }
}
