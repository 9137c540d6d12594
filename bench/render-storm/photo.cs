#:package NetVips@3.2.0
#:package NetVips.Native.linux-x64@8.18.7
using System.Globalization;
using NetVips;

// A camera-like JPEG (blurred colour noise, quality 88) of the given size, for bench/render-storm.sh:
//   dotnet run bench/render-storm/photo.cs -- 6000 4000 photo.jpg
var (w, h, path) = (int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
using var r = Image.Gaussnoise(w, h, sigma: 50, mean: 128);
using var g = Image.Gaussnoise(w, h, sigma: 50, mean: 100);
using var b = Image.Gaussnoise(w, h, sigma: 50, mean: 80);
using var rgb = r.Bandjoin(g, b);
using var blur = rgb.Gaussblur(1.5);
using var bytes = blur.Cast(Enums.BandFormat.Uchar);
bytes.Jpegsave(path, q: 88);
Console.WriteLine(new FileInfo(path).Length);
