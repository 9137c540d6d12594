using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Resized variants: every allowed parameter, the refusal of any other value, rendering once, and HTTP caching.</summary>
public sealed class VariantTests : MediaFixture
{
    /// <summary>A 1000×750 JPEG of its own, for a test that needs variants nobody else asked for.</summary>
    Task<JsonNode> PhotoAsync() => UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750));

    Task<JsonNode>? shared;

    /// <summary>One 1000×750 JPEG for the tests that only read what a variant looks like (the fixture's tests run one
    /// at a time, and a variant renders to the same bytes whoever asks first).</summary>
    Task<JsonNode> SharedPhotoAsync() => shared ??= PhotoAsync();

    [TestCase(160, 160, 120)]
    [TestCase(320, 320, 240)]
    [TestCase(640, 640, 480)]
    [TestCase(960, 960, 720)]
    [TestCase(1280, 1000, 750)]
    [TestCase(1920, 1000, 750)]
    public async Task Each_allowed_width_renders_that_width_or_the_images_own_when_it_is_narrower(int w, int width, int height)
    {
        var medium = await SharedPhotoAsync();

        var variant = TestPhotos.Read(await ServedAsync(medium, $"w={w}"));

        Assert.That(variant.Format, Is.EqualTo("jpeg"));
        Assert.That(variant.Width, Is.EqualTo(width));
        Assert.That(variant.Height, Is.EqualTo(height).Within(1));
    }

    [TestCase(90)]
    [TestCase(120)]
    [TestCase(160)]
    [TestCase(180)]
    [TestCase(240)]
    [TestCase(320)]
    [TestCase(360)]
    [TestCase(480)]
    [TestCase(540)]
    [TestCase(640)]
    [TestCase(720)]
    [TestCase(960)]
    [TestCase(1080)]
    public async Task Each_allowed_height_renders_that_height_or_the_images_own_when_it_is_lower(int h)
    {
        var medium = await SharedPhotoAsync();

        var variant = TestPhotos.Read(await ServedAsync(medium, $"h={h}"));

        var height = Math.Min(h, 750);
        Assert.That(variant.Height, Is.EqualTo(height));
        Assert.That(variant.Width, Is.EqualTo(height * 4 / 3).Within(1));
    }

    [TestCase("w=320&h=90", TestName = "Width_and_height_fit_the_image_inside_the_box_by_default")]
    [TestCase("w=320&h=90&fit=contain", TestName = "Width_and_height_with_fit_contain_fit_the_image_inside_the_box")]
    public async Task Contain_keeps_the_whole_image_inside_the_box(string query)
    {
        var medium = await SharedPhotoAsync();

        var variant = TestPhotos.Read(await ServedAsync(medium, query));

        Assert.That((variant.Width, variant.Height), Is.EqualTo((120, 90)));
    }

    [TestCase(160, 90, null)]
    [TestCase(320, 320, null)]
    [TestCase(640, 360, null)]
    [TestCase(960, 720, null)]
    [TestCase(160, 540, null)]
    [TestCase(160, 90, "0.3")]
    [TestCase(320, 320, "0.3")]
    [TestCase(640, 360, "0.95")]
    [TestCase(960, 720, "0")]
    [TestCase(160, 540, "1")]
    public async Task Cover_fills_exactly_the_box_with_or_without_a_focal_point(int w, int h, string? focal)
    {
        var medium = focal is null ? await PhotoAsync() : await UploadedWithFocalPointAsync(TestPhotos.Unique("jpeg", 1000, 750), focal, focal);

        var variant = TestPhotos.Read(await ServedAsync(medium, $"w={w}&h={h}&fit=cover"));

        Assert.That((variant.Width, variant.Height), Is.EqualTo((w, h)));
    }

    [TestCase("0.1", "red", "red", "red", TestName = "A_focal_point_on_the_left_keeps_the_left_of_the_image_in_a_cover_crop")]
    [TestCase("0.9", "blue", "blue", "blue", TestName = "A_focal_point_on_the_right_keeps_the_right_of_the_image_in_a_cover_crop")]
    [TestCase(null, "red", "other", "blue", TestName = "Without_a_focal_point_a_cover_crop_keeps_the_centre")]
    public async Task The_focal_point_steers_cover_crops(string? focalX, string left, string middle, string right)
    {
        var halves = TestPhotos.Halves("png", 400, 300);
        var medium = focalX is null ? await UploadedAsync(halves, "halves.png", "image/png") : await UploadedWithFocalPointAsync(halves, focalX, "0.5");

        var crop = await ServedAsync(medium, "w=160&h=240&fit=cover");

        Assert.That(TestPhotos.Read(crop), Has.Property("Width").EqualTo(160).And.Property("Height").EqualTo(240));
        Assert.That(TestPhotos.ColourAt(crop, 4, 120), Is.EqualTo(left));
        Assert.That(TestPhotos.ColourAt(crop, 155, 120), Is.EqualTo(right));
        if (middle != "other") { Assert.That(TestPhotos.ColourAt(crop, 80, 120), Is.EqualTo(middle)); }
    }

    [Test]
    public async Task Moving_the_focal_point_makes_a_new_crop_instead_of_serving_the_old_one()
    {
        var medium = await UploadedWithFocalPointAsync(TestPhotos.Halves("png", 400, 300), "0.1", "0.5");
        var before = await ServedAsync(medium, "w=160&h=240&fit=cover");
        var moved = await Admin.PatchAsync(ApiRoutes.For(PatchMediaEndpoint.Route, medium["id"]!), new StringContent("""{"focalX":0.9,"focalY":0.5}""",
            System.Text.Encoding.UTF8, "application/merge-patch+json"));
        await moved.ExpectJsonAsync(HttpStatusCode.OK);

        var after = await ServedAsync(medium, "w=160&h=240&fit=cover");

        Assert.That(TestPhotos.ColourAt(before, 80, 120), Is.EqualTo("red"));
        Assert.That(TestPhotos.ColourAt(after, 80, 120), Is.EqualTo("blue"));
    }

    [TestCase("webp", "image/webp")]
    [TestCase("avif", "image/avif")]
    [TestCase("jpeg", "image/jpeg")]
    [TestCase("png", "image/png")]
    public async Task A_variant_is_served_in_the_format_asked_for(string format, string contentType)
    {
        var medium = await SharedPhotoAsync();

        var res = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=320&format={format}");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
        var variant = TestPhotos.Read(await res.Content.ReadAsByteArrayAsync());
        Assert.That((variant.Format, variant.Width), Is.EqualTo((format, 320)));
    }

    [TestCase("jpeg", "image/avif,image/webp,image/*,*/*;q=0.8", "image/avif", TestName = "A_browser_that_takes_AVIF_gets_AVIF_for_format_auto")]
    [TestCase("jpeg", "image/webp,*/*", "image/webp", TestName = "A_browser_that_takes_WebP_but_not_AVIF_gets_WebP_for_format_auto")]
    [TestCase("jpeg", "*/*", "image/jpeg", TestName = "A_client_that_takes_anything_gets_a_JPEG_of_a_photo_for_format_auto")]
    [TestCase("png", "*/*", "image/png", TestName = "A_client_that_takes_anything_gets_a_PNG_of_a_PNG_for_format_auto")]
    [TestCase("gif", "image/png,image/jpeg", "image/png", TestName = "An_old_client_gets_a_PNG_of_a_GIF_for_format_auto")]
    public async Task Format_auto_picks_the_best_format_the_Accept_header_takes(string source, string accept, string contentType)
    {
        var medium = await UploadedAsync(TestPhotos.Unique(source, 400, 300), "source." + source);
        using var req = new HttpRequestMessage(HttpMethod.Get, $"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=320&format=auto");
        req.Headers.TryAddWithoutValidation("Accept", accept);

        var res = await Anonymous.SendAsync(req);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
        Assert.That(res.Headers.Vary, Does.Contain("Accept"), "caches keep one answer per Accept header");
        Assert.That("image/" + TestPhotos.Read(await res.Content.ReadAsByteArrayAsync()).Format, Is.EqualTo(contentType));
    }

    [TestCase("webp", "image/webp")]
    [TestCase("avif", "image/avif")]
    [TestCase("png", "image/png")]
    [TestCase("gif", "image/png")]
    public async Task Without_a_format_a_variant_keeps_the_images_own_type_and_a_GIF_becomes_a_PNG(string source, string contentType)
    {
        var medium = await UploadedAsync(TestPhotos.Unique(source, 400, 300), "source." + source);

        var res = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=160");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
        Assert.That(res.Headers.Vary, Does.Not.Contain("Accept"));
    }

    [TestCase("jpeg")]
    [TestCase("webp")]
    [TestCase("avif")]
    public async Task A_lower_quality_gives_a_smaller_file(string format)
    {
        var medium = await SharedPhotoAsync();

        var low = await ServedAsync(medium, $"w=640&format={format}&q=50");
        var high = await ServedAsync(medium, $"w=640&format={format}&q=90");

        Assert.That(low, Has.Length.LessThan(high.Length));
        Assert.That(TestPhotos.Read(low).Width, Is.EqualTo(TestPhotos.Read(high).Width));
    }

    [Test]
    public async Task A_variant_is_rendered_once_and_then_served_from_disk()
    {
        var medium = await PhotoAsync();
        var variantsBefore = VariantFiles();
        var first = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=320&format=webp&q=70");
        var firstBytes = await first.Content.ReadAsByteArrayAsync();
        var rendered = VariantFiles();

        var second = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=320&format=webp&q=70");

        Assert.That(rendered.Except(variantsBefore).ToList(), Has.Count.EqualTo(1));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.Headers.ETag, Is.EqualTo(first.Headers.ETag));
        Assert.That(second.Content.Headers.LastModified, Is.EqualTo(first.Content.Headers.LastModified));
        Assert.That(await second.Content.ReadAsByteArrayAsync(), Is.EqualTo(firstBytes));
        Assert.That(VariantFiles(), Is.EquivalentTo(rendered));
        Assert.That(await File.ReadAllBytesAsync(rendered.Except(variantsBefore).Single()), Is.EqualTo(firstBytes));
    }

    [Test]
    public async Task Many_requests_at_once_for_a_new_variant_get_the_same_bytes_from_one_file()
    {
        var medium = await PhotoAsync();
        var variantsBefore = VariantFiles();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=640&format=avif")));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync()));
        Assert.That(bodies.Select(MediaBytes.Sha256Of).Distinct().ToList(), Has.Count.EqualTo(1));
        Assert.That(VariantFiles().Except(variantsBefore).ToList(), Has.Count.EqualTo(1));
        Assert.That(MediaFiles().Where(f => Path.GetFileName(f).StartsWith(".tmp-", StringComparison.Ordinal)), Is.Empty);
    }

    [TestCase("w=100", "w", TestName = "A_width_outside_the_list_is_refused_naming_w")]
    [TestCase("w=2000", "w", TestName = "A_width_over_the_largest_allowed_is_refused_naming_w")]
    [TestCase("w=0", "w", TestName = "A_width_of_0_is_refused_naming_w")]
    [TestCase("h=50", "h", TestName = "A_height_outside_the_list_is_refused_naming_h")]
    [TestCase("fit=stretch", "fit", TestName = "A_fit_other_than_contain_or_cover_is_refused_naming_fit")]
    [TestCase("w=320&h=240&fit=fill", "fit", TestName = "A_fit_of_fill_is_refused_naming_fit")]
    [TestCase("fit=cover&w=320", "fit", TestName = "Cover_without_a_height_is_refused_naming_fit")]
    [TestCase("fit=cover&h=240", "fit", TestName = "Cover_without_a_width_is_refused_naming_fit")]
    [TestCase("format=tiff", "format", TestName = "A_TIFF_variant_is_refused_naming_format")]
    [TestCase("format=gif", "format", TestName = "A_GIF_variant_is_refused_naming_format")]
    [TestCase("q=75", "q", TestName = "A_quality_outside_the_list_is_refused_naming_q")]
    [TestCase("q=100", "q", TestName = "A_quality_of_100_is_refused_naming_q")]
    [TestCase("original=true&w=320", "original", TestName = "The_original_cannot_be_resized")]
    public async Task Variant_parameters_outside_the_allow_lists_are_refused_and_nothing_is_rendered(string query, string field)
    {
        var medium = await PhotoAsync();
        var variantsBefore = VariantFiles();

        var res = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?{query}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        Assert.That(VariantFiles(), Is.EquivalentTo(variantsBefore));
    }

    [Test]
    public async Task A_range_request_on_a_variant_gets_exactly_those_bytes_of_it()
    {
        var medium = await SharedPhotoAsync();
        var whole = await ServedAsync(medium, "w=640&format=webp");
        using var req = new HttpRequestMessage(HttpMethod.Get, $"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=640&format=webp");
        req.Headers.Range = new RangeHeaderValue(100, 299);

        var res = await Anonymous.SendAsync(req);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.EqualTo(whole[100..300]));
        Assert.That(res.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes 100-299/{whole.Length}"));
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/webp"));
    }

    [Test]
    public async Task A_client_that_already_has_a_variant_gets_304_without_a_body()
    {
        var medium = await PhotoAsync();
        var first = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=320");
        using var req = new HttpRequestMessage(HttpMethod.Get, $"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=320");
        req.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var res = await Anonymous.SendAsync(req);

        Assert.That(first.Headers.ETag!.IsWeak, Is.False);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task A_client_holding_the_JPEG_that_now_takes_WebP_gets_the_WebP_not_a_304()
    {
        var medium = await PhotoAsync();
        var jpeg = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=320&format=auto");
        using var req = new HttpRequestMessage(HttpMethod.Get, $"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?w=320&format=auto");
        req.Headers.TryAddWithoutValidation("Accept", "image/webp,*/*");
        req.Headers.IfNoneMatch.Add(jpeg.Headers.ETag!);

        var res = await Anonymous.SendAsync(req);

        Assert.That(jpeg.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/webp"));
        Assert.That(res.Headers.ETag, Is.Not.EqualTo(jpeg.Headers.ETag));
    }

    [Test]
    public async Task Every_variant_has_an_ETag_of_its_own()
    {
        var medium = await SharedPhotoAsync();

        var tags = new List<string?>();
        foreach (var query in new[] { "", "w=320", "w=640", "w=320&format=webp", "w=320&q=50", "w=320&h=320&fit=cover" })
        {
            tags.Add((await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?{query}")).Headers.ETag?.Tag);
        }

        Assert.That(tags, Is.Unique.And.All.Not.Null);
    }

    [Test]
    public async Task A_variant_at_its_versioned_url_is_cached_for_a_year_as_immutable()
    {
        var medium = await SharedPhotoAsync();

        var res = await Anonymous.GetAsync(new Uri($"{medium["url"]}&w=320&format=webp"));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Headers.CacheControl?.MaxAge, Is.EqualTo(TimeSpan.FromDays(365)));
        Assert.That(res.Headers.CacheControl?.Extensions.Select(e => e.Name), Has.Some.EqualTo("immutable"));
    }

    [Test]
    public async Task A_variant_url_naming_other_content_is_404()
    {
        var medium = await SharedPhotoAsync();

        var res = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?v=0123456789abcdef&w=320");

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_variant_of_a_missing_medium_is_404()
    {
        var res = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, 987654321)}?w=320");

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
