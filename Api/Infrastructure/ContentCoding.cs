using System.IO.Compression;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Infrastructure;

/// <summary>Brotli or gzip for the JSON and XML a client accepts compressed (RFC 9110 8.4, 12.5.3): a feed of full
/// articles shrinks to about a quarter, which matters most to phones on slow networks. Each coding is a representation
/// of its own, with its own strong ETag (the identity tag with "-br" or "-gzip" added), since its bytes differ.</summary>
public static class ContentCoding
{
    public const string Brotli = "br";
    public const string Gzip = "gzip";

    /// <summary>Below this, headers and the work outweigh the bytes saved.</summary>
    public const int MinimumBytes = 1024;

    /// <summary>Whether the body is already coded (compressed by whoever wrote it): coding it again would hand the client
    /// compressed bytes it takes for the content itself.</summary>
    public static bool IsCoded(HttpResponse response) =>
        !string.IsNullOrEmpty(response.Headers.ContentEncoding) && !response.Headers.ContentEncoding.ToString().Equals("identity", StringComparison.OrdinalIgnoreCase);

    /// <summary>The coding to send: the one the client weights highest (brotli on a tie), none when it accepts neither.</summary>
    public static string? Choose(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        if (accepted.Count == 0) { return null; }
        var brotli = Weight(accepted, Brotli);
        var gzip = Weight(accepted, Gzip);
        if (brotli <= 0 && gzip <= 0) { return null; }
        return brotli >= gzip ? Brotli : Gzip;
    }

    static double Weight(IList<StringWithQualityHeaderValue> accepted, string coding)
    {
        double? any = null;
        foreach (var entry in accepted)
        {
            var weight = entry.Quality ?? 1;
            if (entry.Value.Equals(coding, StringComparison.OrdinalIgnoreCase)) { return weight; }
            if (entry.Value.Equals("*", StringComparison.Ordinal)) { any = weight; }
        }
        return any ?? 0;
    }

    public static byte[] Compress(byte[] body, string coding)
    {
        using var output = new MemoryStream(body.Length / 3);
        using (Stream compressor = coding == Brotli
            ? new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true)
            : new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(body);
        }
        return output.ToArray();
    }

    /// <summary>The ETag of a coded representation: "v3-abc" becomes "v3-abc-br".</summary>
    public static string Tag(string identityTag, string? coding) => coding is null ? identityTag : identityTag[..^1] + "-" + coding + "\"";
}
