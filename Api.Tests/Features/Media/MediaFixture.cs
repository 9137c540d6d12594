using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Api.Features.Keys;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>An API fixture with what media tests need: uploads with every form field, the media folder on disk,
/// and the number of media the API lists.</summary>
public abstract class MediaFixture : ApiFixture
{
    /// <summary>Media tests compare the files of the media folder and the whole library before and after a request.</summary>
    protected override bool NeedsDatabaseOfItsOwn => true;

    protected string MediaDirectory => Path.Combine(Factory.DataDirectory, "media");

    /// <summary>Every file under the media folder, temporary files included.</summary>
    protected IReadOnlyList<string> MediaFiles() =>
        Directory.Exists(MediaDirectory) ? Directory.GetFiles(MediaDirectory, "*", SearchOption.AllDirectories) : [];

    protected string StoredPathOf(IReadOnlyCollection<string> before) => MediaFiles().Except(before).Single();

    /// <summary>Sends a multipart upload the way a .NET client does.</summary>
    protected Task<HttpResponseMessage> UploadAsync(byte[] bytes, string fileName = "mmexport1704177120277.jpg",
        string contentType = "image/jpeg", string? alt = null, string? caption = null, string? credit = null, HttpClient? client = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent();
        form.Add(file, "file", fileName);
        return PostFormAsync(form, alt, caption, credit, client);
    }

    /// <summary>Sends a file part whose Content-Disposition is written by hand (in UTF-8), as a browser or an attacker would.</summary>
    protected Task<HttpResponseMessage> UploadWithDispositionAsync(byte[] bytes, string contentDisposition, string contentType = "image/jpeg")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        Assert.That(file.Headers.TryAddWithoutValidation("Content-Disposition", contentDisposition), Is.True, contentDisposition);
        var form = new MultipartFormDataContent { file };
        form.HeaderEncodingSelector = (_, _) => Encoding.UTF8;
        return PostFormAsync(form, null, null, null, null);
    }

    protected Task<HttpResponseMessage> PostFormAsync(MultipartFormDataContent form, string? alt, string? caption, string? credit, HttpClient? client)
    {
        if (alt is not null) { form.Add(new StringContent(alt, Encoding.UTF8), "alt"); }
        if (caption is not null) { form.Add(new StringContent(caption, Encoding.UTF8), "caption"); }
        if (credit is not null) { form.Add(new StringContent(credit, Encoding.UTF8), "credit"); }
        return (client ?? Admin).PostAsync(ApiRoutes.For(UploadMediaRequest.Route), form);
    }

    /// <summary>Uploads these bytes, or a JPEG of its own when none are given (identical bytes would share a stored file).</summary>
    protected async Task<JsonNode> UploadedAsync(byte[]? bytes = null, string fileName = "mmexport1704177120277.jpg",
        string contentType = "image/jpeg", string? alt = null, string? caption = null, string? credit = null, HttpClient? client = null)
    {
        var res = await UploadAsync(bytes ?? TestPhotos.Unique(), fileName, contentType, alt, caption, credit, client);
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>Uploads these bytes with a focal point sent as form fields, as an editor's upload form would.</summary>
    protected async Task<JsonNode> UploadedWithFocalPointAsync(byte[] bytes, string focalX, string focalY, string fileName = "mmexport1704177120277.png")
    {
        var res = await UploadWithFocalPointAsync(bytes, focalX, focalY, fileName);
        return await res.ExpectJsonAsync(HttpStatusCode.Created);
    }

    protected Task<HttpResponseMessage> UploadWithFocalPointAsync(byte[] bytes, string? focalX, string? focalY, string fileName = "mmexport1704177120277.png")
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        if (focalX is not null) { form.Add(new StringContent(focalX), "focalX"); }
        if (focalY is not null) { form.Add(new StringContent(focalY), "focalY"); }
        return PostFormAsync(form, null, null, null, null);
    }

    /// <summary>The bytes a medium's content URL serves, with this query (e.g. "w=320&amp;format=webp") when given.</summary>
    protected async Task<byte[]> ServedAsync(JsonNode medium, string query = "", HttpClient? client = null)
    {
        var res = await (client ?? Anonymous).GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}{(query.Length > 0 ? "?" + query : "")}");
        var bytes = await res.Content.ReadAsByteArrayAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), Encoding.UTF8.GetString(bytes));
        return bytes;
    }

    /// <summary>Every rendered variant on disk.</summary>
    protected IReadOnlyList<string> VariantFiles()
    {
        var variants = Path.Combine(MediaDirectory, "variants");
        return Directory.Exists(variants) ? Directory.GetFiles(variants, "*", SearchOption.AllDirectories) : [];
    }

    /// <summary>A new API key with this role, and a client that sends it (and "If-Match: *" on changes without one).</summary>
    protected async Task<(long Id, HttpClient Client)> KeyAsync(string role)
    {
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateKeyRequest.Route), new { name = $"长岭县通讯员 {Given.UniqueSlug(role)}", role });
        var key = await res.ExpectJsonAsync(HttpStatusCode.Created);
        return ((long)key["id"]!, ClientWithKey((string)key["key"]!));
    }

    /// <summary>The ids of every medium the library lists to a key, newest first, following every page.</summary>
    protected async Task<List<long>> AllMediaIdsAsync() =>
        (await Admin.AllPagesAsync(ApiRoutes.For(ListMediaRequest.Route), limit: 100)).Select(m => (long)m["id"]!).ToList();
}

public static class MediaBytes
{
    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Bytes that start like <paramref name="head"/> and continue with deterministic noise.</summary>
    public static byte[] HeaderThenGarbage(byte[] head, int length = 4000)
    {
        var bytes = new byte[length];
        new Random(20240102).NextBytes(bytes);
        head.CopyTo(bytes, 0);
        return bytes;
    }

    public static byte[] FirstHalfOf(byte[] bytes) => bytes[..(bytes.Length / 2)];

    /// <summary>A valid image with zeros appended after its end marker, readers ignore them; the total is exactly <paramref name="length"/>.</summary>
    public static byte[] PaddedTo(byte[] image, int length)
    {
        Assert.That(image, Has.Length.LessThanOrEqualTo(length), "the image is already larger than the padding target");
        var bytes = new byte[length];
        image.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>A real PNG whose header claims other dimensions (with a correct checksum), like a decompression bomb.</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var png = TestImages.Png();
        Assert.That(Encoding.ASCII.GetString(png, 12, 4), Is.EqualTo("IHDR"));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), (uint)height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1; }
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
