using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Cms.Faults;

/// <summary>Small, valid, unique images made in code, so the driver needs no image library: a PNG of noise and a
/// baseline greyscale JPEG of random 8×8 blocks (DC coefficients only, with its own minimal Huffman tables).</summary>
public static class Images
{
    public static int Run(Options options)
    {
        var bytes = options.Number("bytes", 100_000);
        var side = Math.Max(8, (int)Math.Sqrt(bytes / 3.0));
        var png = Png(side, side, new Random(), noise: true);
        File.WriteAllBytes(options.Text("out"), png);
        Console.WriteLine($"{{\"width\":{side},\"height\":{side},\"bytes\":{png.Length}}}");
        return 0;
    }

    /// <summary>An RGB PNG; noise (stored without compression) makes its size predictable, else a random gradient.</summary>
    public static byte[] Png(int width, int height, Random random, bool noise = false)
    {
        var raw = new byte[height * ((width * 3) + 1)];
        var (r0, g0, b0) = (random.Next(256), random.Next(256), random.Next(256));
        for (var y = 0; y < height; y++)
        {
            var row = y * ((width * 3) + 1);
            raw[row] = 0; // filter: none
            for (var x = 0; x < width; x++)
            {
                var p = row + 1 + (x * 3);
                if (noise) { random.NextBytes(raw.AsSpan(p, 3)); }
                else
                {
                    raw[p] = (byte)(r0 + (x * 4));
                    raw[p + 1] = (byte)(g0 + (y * 4));
                    raw[p + 2] = (byte)(b0 + ((x + y) * 2));
                }
            }
        }
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, noise ? CompressionLevel.NoCompression : CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) { c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1; }
        return c;
    }).ToArray();

    static uint Crc32(byte[] data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data) { c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8); }
        return c ^ 0xFFFFFFFFu;
    }

    /// <summary>A baseline greyscale JPEG, width and height multiples of 8. Every block is flat (only its DC coefficient
    /// is coded); the quantiser 8 makes a coefficient equal to the block's level shifted by -128.</summary>
    public static byte[] Jpeg(int width, int height, Random random)
    {
        using var jpeg = new MemoryStream();
        void Marker(byte code, params byte[] body)
        {
            jpeg.Write([0xFF, code, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
            jpeg.Write(body);
        }
        jpeg.Write([0xFF, 0xD8]);
        Marker(0xDB, [0x00, .. Enumerable.Repeat((byte)8, 64)]);
        Marker(0xC0, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0);
        // DC table 0: twelve codes of 4 bits, so the code of category c is c itself.
        Marker(0xC4, [0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        // AC table 0: a single code, "0", for end-of-block.
        Marker(0xC4, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
        Marker(0xDA, 1, 1, 0x00, 0, 63, 0);

        var bits = new BitWriter(jpeg);
        var previous = 0;
        var level = random.Next(-60, 60);
        for (var block = 0; block < width / 8 * (height / 8); block++)
        {
            level = Math.Clamp(level + random.Next(-24, 25), -120, 120);
            var diff = level - previous;
            previous = level;
            var category = diff == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(diff));
            bits.Write(category, 4);
            if (category > 0) { bits.Write(diff > 0 ? diff : diff + (1 << category) - 1, category); }
            bits.Write(0, 1);
        }
        bits.Finish();
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    sealed class BitWriter(Stream output)
    {
        int buffer;
        int count;

        public void Write(int value, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                buffer = (buffer << 1) | ((value >> i) & 1);
                if (++count == 8) { Emit(); }
            }
        }

        public void Finish()
        {
            while (count != 0) { Write(1, 1); }
        }

        void Emit()
        {
            output.WriteByte((byte)buffer);
            if (buffer == 0xFF) { output.WriteByte(0); }
            buffer = 0;
            count = 0;
        }
    }
}
