using System.Net;
using System.Text;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>What happens to an image between upload and serving: turned upright, stripped of personal metadata, decoded
/// in full (broken files refused), typed by its bytes.</summary>
public sealed class ImagePipelineTests : MediaFixture
{
    [TestCase(1, 400, 300, "red", "blue", TestName = "A_photo_taken_upright_is_served_as_it_is")]
    [TestCase(3, 400, 300, "blue", "red", TestName = "A_photo_taken_upside_down_is_served_turned_half_round")]
    [TestCase(6, 300, 400, "red", "blue", TestName = "A_photo_taken_sideways_with_orientation_6_is_served_upright_and_reports_its_displayed_size")]
    [TestCase(8, 300, 400, "blue", "red", TestName = "A_photo_taken_sideways_with_orientation_8_is_served_upright_and_reports_its_displayed_size")]
    [TestCase(6, 300, 400, "red", "blue", "webp", TestName = "A_WebP_with_orientation_6_is_served_upright_and_reports_its_displayed_size")]
    [TestCase(6, 300, 400, "red", "blue", "png", TestName = "A_PNG_with_orientation_6_is_served_upright_and_reports_its_displayed_size")]
    public async Task Photos_are_served_as_the_camera_meant_them_to_be_seen(int orientation, int width, int height, string firstQuarter, string lastQuarter,
        string format = "jpeg")
    {
        var photo = TestPhotos.Halves(format, 400, 300, orientation);
        Assert.That(TestPhotos.Read(photo).Orientation ?? 1, Is.EqualTo(orientation), "the test photo carries its orientation");

        var medium = await UploadedAsync(photo);

        Assert.That((int?)medium["width"], Is.EqualTo(width));
        Assert.That((int?)medium["height"], Is.EqualTo(height));
        var served = await ServedAsync(medium);
        var facts = TestPhotos.Read(served);
        Assert.That((facts.Width, facts.Height), Is.EqualTo((width, height)));
        Assert.That(facts.Orientation, Is.Null.Or.EqualTo(1), "no orientation is left for a viewer to apply a second time");
        Assert.That(TestPhotos.ColourAt(served, width / 4, height / 4), Is.EqualTo(firstQuarter));
        Assert.That(TestPhotos.ColourAt(served, 3 * width / 4, 3 * height / 4), Is.EqualTo(lastQuarter));
    }

    [TestCase("jpeg", TestName = "A_JPEG_phone_photo_is_served_without_its_location_camera_or_other_EXIF_and_XMP")]
    [TestCase("png", TestName = "A_PNG_with_EXIF_and_XMP_is_served_without_them")]
    [TestCase("webp", TestName = "A_WebP_with_EXIF_and_XMP_is_served_without_them")]
    [TestCase("avif", TestName = "An_AVIF_with_EXIF_and_XMP_is_served_without_them")]
    public async Task Personal_metadata_never_leaves_the_server(string format)
    {
        var photo = TestPhotos.Phone(format, 160, 120);
        var sent = TestPhotos.Read(photo);
        Assert.That(sent.HasLocation, Is.True, $"the test photo carries a location: {string.Join(", ", sent.Fields)}");
        Assert.That(sent.Fields, Does.Contain("xmp-data"));
        var medium = await UploadedAsync(photo);

        var served = await ServedAsync(medium);

        var facts = TestPhotos.Read(served);
        Assert.That(facts.Format, Is.EqualTo(format));
        Assert.That(facts.PersonalMetadata, Is.Empty);
        Assert.That(facts.HasLocation, Is.False);
        Assert.That(Encoding.Latin1.GetString(served), Does.Not.Contain("Xiaomi").And.Not.Contain("GPSLatitude").And.Not.Contain("Exif"));
    }

    public static IEnumerable<TestCaseData> Variants()
    {
        foreach (var query in new[]
                 {
                     "w=160", "w=320&format=webp", "w=320&format=avif", "w=320&format=jpeg", "w=320&format=png", "h=90&q=50",
                     "w=160&h=160&fit=cover", "w=320&h=180&fit=contain", "w=160&format=auto",
                 })
        {
            yield return new TestCaseData(query).SetName($"No_variant_carries_the_location_of_a_phone_photo({query})");
        }
    }

    [TestCaseSource(nameof(Variants))]
    public async Task No_variant_carries_the_location_of_a_phone_photo(string query)
    {
        var medium = await UploadedAsync(TestPhotos.Phone("jpeg", 400, 300, orientation: 6));

        var variant = await ServedAsync(medium, query);

        var facts = TestPhotos.Read(variant);
        Assert.That(facts.PersonalMetadata, Is.Empty);
        Assert.That(facts.HasLocation, Is.False);
        Assert.That(Encoding.Latin1.GetString(variant), Does.Not.Contain("Xiaomi").And.Not.Contain("GPSLatitude"));
    }

    [Test]
    public async Task The_colour_profile_of_a_photo_stays_in_the_served_copy()
    {
        var photo = TestPhotos.WithColourProfile();
        Assert.That(TestPhotos.Read(photo).HasColourProfile, Is.True);

        var medium = await UploadedAsync(photo);

        Assert.That(TestPhotos.Read(await ServedAsync(medium)).HasColourProfile, Is.True);
    }

    [Test]
    public async Task An_animated_GIF_keeps_all_its_frames_and_reports_the_size_of_one()
    {
        var gif = TestPhotos.AnimatedGif(90, 60, frames: 4);

        var medium = await UploadedAsync(gif, "表情包.gif", "image/gif");

        Assert.That((int?)medium["width"], Is.EqualTo(90));
        Assert.That((int?)medium["height"], Is.EqualTo(60));
        Assert.That(TestPhotos.Read(await ServedAsync(medium)).Pages, Is.EqualTo(4));
    }

    [TestCase("jpeg", "photo.png", "image/png", "image/jpeg", ".jpg", TestName = "A_JPEG_named_png_is_stored_and_served_as_a_JPEG")]
    [TestCase("webp", "photo.jpg", "image/jpeg", "image/webp", ".webp", TestName = "A_WebP_named_jpg_is_stored_and_served_as_a_WebP")]
    [TestCase("avif", "photo.gif", "image/gif", "image/avif", ".avif", TestName = "An_AVIF_named_gif_is_stored_and_served_as_an_AVIF")]
    [TestCase("gif", "photo.webp", "image/webp", "image/gif", ".gif", TestName = "A_GIF_named_webp_is_stored_and_served_as_a_GIF")]
    public async Task The_type_is_read_from_the_bytes_whatever_the_name_and_claimed_type(
        string format, string fileName, string claimed, string contentType, string extension)
    {
        var before = MediaFiles();

        var res = await UploadAsync(TestPhotos.Unique(format), fileName, claimed);

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)medium["contentType"], Is.EqualTo(contentType));
        Assert.That((string?)medium["fileName"], Is.EqualTo(fileName));
        Assert.That(Path.GetExtension(StoredPathOf(before)), Is.EqualTo(extension));
        var content = await Anonymous.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));
        Assert.That(content.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
    }

    [TestCase("jpeg", TestName = "A_JPEG_cut_off_at_three_quarters_is_refused_as_unreadable")]
    [TestCase("png", TestName = "A_PNG_cut_off_at_three_quarters_is_refused_as_unreadable")]
    [TestCase("gif", TestName = "A_GIF_cut_off_at_three_quarters_is_refused_as_unreadable")]
    [TestCase("webp", TestName = "A_WebP_cut_off_at_three_quarters_is_refused_as_unreadable")]
    [TestCase("avif", TestName = "An_AVIF_cut_off_at_three_quarters_is_refused_as_unreadable")]
    public async Task Truncated_images_are_refused_and_nothing_is_saved(string format)
    {
        var whole = TestPhotos.Unique(format, 320, 240);
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(whole[..(whole.Length * 3 / 4)], "cut-off." + format);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("file"), Is.Not.Empty);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task A_JPEG_that_declares_400_million_pixels_is_refused_for_its_size_and_nothing_is_saved()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(TestPhotos.JpegDeclaring(20_000, 20_000), "bomb.jpg");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("file"), Has.Some.Contains("pixels"), "refused for the size it declares, before decoding");
        Assert.That((string?)problem["detail"], Does.Contain("20000×20000"));
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task The_upload_as_received_is_not_available_when_originals_are_not_kept()
    {
        var medium = await UploadedAsync(TestPhotos.Phone());

        var res = await Admin.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?original=true");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["detail"], Does.Contain("KeepOriginals"));
    }

    [Test]
    public async Task A_missing_original_at_a_versioned_url_is_not_cached_as_immutable()
    {
        var medium = await UploadedAsync(TestPhotos.Phone());

        var res = await Admin.GetAsync(new Uri($"{medium["url"]}&original=true"));

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That(res.Headers.CacheControl?.Extensions.Select(e => e.Name), Has.None.EqualTo("immutable"), res.Headers.CacheControl?.ToString());
    }

    [Test]
    public async Task An_upload_with_two_files_is_refused_and_nothing_is_saved()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestPhotos.Unique()), "file", "first.jpg" },
            { new ByteArrayContent(TestPhotos.Unique()), "file", "second.jpg" },
        };

        var res = await PostFormAsync(form, null, null, null, null);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That((string?)problem["detail"], Does.Contain("one file"));
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task Only_the_cleaned_copy_is_stored_when_originals_are_not_kept()
    {
        var before = MediaFiles();

        await UploadedAsync(TestPhotos.Phone());

        var added = MediaFiles().Except(before).ToList();
        Assert.That(added, Has.Count.EqualTo(1));
        Assert.That(TestPhotos.Read(await File.ReadAllBytesAsync(added[0])).PersonalMetadata, Is.Empty);
    }
}
