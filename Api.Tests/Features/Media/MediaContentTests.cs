using System.Net;
using System.Net.Http.Headers;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

public sealed class MediaContentTests : MediaFixture
{
    public static IEnumerable<TestCaseData> Images()
    {
        yield return new TestCaseData(TestPhotos.Unique("jpeg"), "image/jpeg").SetName("A_JPEG_is_served_to_anyone_as_image_jpeg_as_a_clean_copy_of_the_upload");
        yield return new TestCaseData(TestPhotos.Unique("png"), "image/png").SetName("A_PNG_is_served_to_anyone_as_image_png_as_a_clean_copy_of_the_upload");
        yield return new TestCaseData(TestPhotos.Unique("gif"), "image/gif").SetName("A_GIF_is_served_to_anyone_as_image_gif_as_a_clean_copy_of_the_upload");
        yield return new TestCaseData(TestPhotos.Unique("webp"), "image/webp").SetName("A_WebP_is_served_to_anyone_as_image_webp_as_a_clean_copy_of_the_upload");
        yield return new TestCaseData(TestPhotos.Unique("avif"), "image/avif").SetName("An_AVIF_is_served_to_anyone_as_image_avif_as_a_clean_copy_of_the_upload");
    }

    [TestCaseSource(nameof(Images))]
    public async Task Content_is_served_with_its_detected_type_and_length_as_a_clean_copy_of_the_upload(byte[] bytes, string contentType)
    {
        var medium = await UploadedAsync(bytes, "upload.bin", "application/octet-stream");

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
        var served = await res.Content.ReadAsByteArrayAsync();
        Assert.That(res.Content.Headers.ContentLength, Is.EqualTo((long)medium["byteSize"]!));
        Assert.That(served, Has.Length.EqualTo((long)medium["byteSize"]!));
        Assert.That(MediaBytes.Sha256Of(served), Is.EqualTo((string?)medium["sha256"]));
        var (copy, upload) = (TestPhotos.Read(served), TestPhotos.Read(bytes));
        Assert.That((copy.Format, copy.Width, copy.Height), Is.EqualTo((upload.Format, upload.Width, upload.Height)));
    }

    [Test]
    public async Task Content_tells_browsers_not_to_guess_another_type()
    {
        var medium = await UploadedAsync();

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    [Test]
    public async Task The_url_in_the_metadata_serves_the_bytes()
    {
        var medium = await UploadedAsync(TestPhotos.Unique("png", 30, 20), "small.png", "image/png");

        var res = await Anonymous.GetAsync(new Uri((string)medium["url"]!));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var served = await res.Content.ReadAsByteArrayAsync();
        Assert.That(MediaBytes.Sha256Of(served), Is.EqualTo((string?)medium["sha256"]));
        Assert.That(TestPhotos.Read(served), Has.Property("Width").EqualTo(30).And.Property("Height").EqualTo(20));
    }

    [Test]
    public async Task The_ETag_is_strong_and_is_the_quoted_sha256_of_the_served_bytes()
    {
        var medium = await UploadedAsync(TestPhotos.Unique("jpeg", 40, 30));

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));

        Assert.That(res.Headers.ETag, Is.Not.Null);
        Assert.That(res.Headers.ETag!.IsWeak, Is.False);
        Assert.That(res.Headers.ETag.Tag, Is.EqualTo($"\"{MediaBytes.Sha256Of(await res.Content.ReadAsByteArrayAsync())}\""));
        Assert.That(res.Headers.ETag.Tag, Is.EqualTo($"\"{medium["sha256"]}\""));
    }

    [Test]
    public async Task A_client_that_already_has_the_bytes_gets_304_without_a_body()
    {
        var medium = await UploadedAsync();
        var etag = $"\"{medium["sha256"]}\"";
        using var req = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));
        req.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));

        var res = await Anonymous.SendAsync(req);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(res.Headers.ETag?.Tag, Is.EqualTo(etag));
    }

    [Test]
    public async Task A_client_with_another_ETag_gets_the_full_bytes()
    {
        var medium = await UploadedAsync();
        using var req = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));
        req.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{MediaBytes.Sha256Of(TestImages.Png())}\""));

        var res = await Anonymous.SendAsync(req);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(MediaBytes.Sha256Of(await res.Content.ReadAsByteArrayAsync()), Is.EqualTo((string?)medium["sha256"]));
    }

    [Test]
    public async Task A_range_request_for_the_first_ten_bytes_gets_exactly_those_bytes()
    {
        var medium = await UploadedAsync();
        var bytes = await ServedAsync(medium);
        using var req = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));
        req.Headers.Range = new RangeHeaderValue(0, 9);

        var res = await Anonymous.SendAsync(req);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes[..10]));
        Assert.That(res.Content.Headers.ContentLength, Is.EqualTo(10));
        Assert.That(res.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes 0-9/{bytes.Length}"));
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
    }

    [Test]
    public async Task A_range_request_for_the_last_bytes_gets_the_end_of_the_file()
    {
        var medium = await UploadedAsync(TestPhotos.Unique("png"), "end.png", "image/png");
        var bytes = await ServedAsync(medium);
        using var req = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));
        req.Headers.Range = new RangeHeaderValue(null, 12);

        var res = await Anonymous.SendAsync(req);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes[^12..]));
        Assert.That(res.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes {bytes.Length - 12}-{bytes.Length - 1}/{bytes.Length}"));
    }

    [Test]
    public async Task A_range_beyond_the_end_of_the_file_is_416_with_the_real_length()
    {
        var medium = await UploadedAsync();
        var length = (long)medium["byteSize"]!;
        using var req = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));
        req.Headers.Range = new RangeHeaderValue(length + 100, null);

        var res = await Anonymous.SendAsync(req);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.RequestedRangeNotSatisfiable));
        Assert.That(res.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes */{length}"));
    }

    [Test]
    public async Task Content_of_a_missing_medium_is_a_404_problem()
    {
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, 987654321));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["detail"], Does.Contain("987654321"));
    }

    [Test]
    public async Task Content_of_a_deleted_medium_is_a_404_problem()
    {
        var medium = await UploadedAsync();
        var deleted = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, medium["id"]!));

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await deleted.Content.ReadAsStringAsync());
        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
