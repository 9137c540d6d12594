using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

public sealed class UploadMediaTests : MediaFixture
{
    public static IEnumerable<TestCaseData> RealImages()
    {
        yield return new TestCaseData(TestImages.Jpeg(120, 80), "mmexport1704177120277.jpg", "image/jpeg")
            .SetName("A_JPEG_from_a_phone_is_stored_with_its_name_type_size_checksum_and_dimensions");
        yield return new TestCaseData(TestImages.Png(120, 80), "screenshot.png", "image/png")
            .SetName("A_PNG_is_stored_with_its_name_type_size_checksum_and_dimensions");
        yield return new TestCaseData(TestImages.Gif(120, 80), "animation.gif", "image/gif")
            .SetName("A_GIF_is_stored_with_its_name_type_size_checksum_and_dimensions");
        yield return new TestCaseData(TestImages.WebP(120, 80), "photo.webp", "image/webp")
            .SetName("A_WebP_is_stored_with_its_name_type_size_checksum_and_dimensions");
        yield return new TestCaseData(TestPhotos.Unique("avif", 120, 80), "photo.avif", "image/avif")
            .SetName("An_AVIF_is_stored_with_its_name_type_size_checksum_and_dimensions");
    }

    [TestCaseSource(nameof(RealImages))]
    public async Task Real_images_are_stored_with_metadata_read_from_their_bytes(byte[] bytes, string fileName, string contentType)
    {
        var before = DateTime.UtcNow.AddSeconds(-1);

        var res = await UploadAsync(bytes, fileName, contentType);

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        var id = (long)medium["id"]!;
        Assert.That(res.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/media/{id}"));
        Assert.That((string?)medium["fileName"], Is.EqualTo(fileName));
        Assert.That((string?)medium["contentType"], Is.EqualTo(contentType));
        var served = await ServedAsync(medium);
        Assert.That((long?)medium["byteSize"], Is.EqualTo(served.Length), "the size of the served copy");
        Assert.That((string?)medium["sha256"], Is.EqualTo(MediaBytes.Sha256Of(served)), "the hash of the served copy");
        Assert.That((int?)medium["width"], Is.EqualTo(120));
        Assert.That((int?)medium["height"], Is.EqualTo(80));
        Assert.That((string?)medium["url"], Does.Contain($"/api/v1/media/{id}/content?v="));
        Assert.That((DateTime)medium["createdAt"]!, Is.InRange(before, DateTime.UtcNow.AddSeconds(1)));
        Assert.That((DateTime)medium["updatedAt"]!, Is.EqualTo((DateTime)medium["createdAt"]!));
    }

    public static IEnumerable<TestCaseData> StoredImages()
    {
        yield return new TestCaseData(TestPhotos.Unique("jpeg"), "mmexport1704177120277.jpg", ".jpg")
            .SetName("A_stored_JPEG_is_the_served_copy_of_the_upload_under_a_name_the_server_chose");
        yield return new TestCaseData(TestPhotos.Unique("png"), "screenshot.png", ".png")
            .SetName("A_stored_PNG_is_the_served_copy_of_the_upload_under_a_name_the_server_chose");
        yield return new TestCaseData(TestPhotos.Unique("gif"), "animation.gif", ".gif")
            .SetName("A_stored_GIF_is_the_served_copy_of_the_upload_under_a_name_the_server_chose");
        yield return new TestCaseData(TestPhotos.Unique("webp"), "photo.webp", ".webp")
            .SetName("A_stored_WebP_is_the_served_copy_of_the_upload_under_a_name_the_server_chose");
        yield return new TestCaseData(TestPhotos.Unique("avif"), "photo.avif", ".avif")
            .SetName("A_stored_AVIF_is_the_served_copy_of_the_upload_under_a_name_the_server_chose");
    }

    [TestCaseSource(nameof(StoredImages))]
    public async Task The_stored_file_is_the_served_copy_of_the_upload_under_a_name_the_server_chose(byte[] bytes, string fileName, string extension)
    {
        var before = MediaFiles();

        var medium = await UploadedAsync(bytes, fileName);

        var stored = StoredPathOf(before);
        var storedBytes = await File.ReadAllBytesAsync(stored);
        Assert.That(storedBytes, Is.EqualTo(await ServedAsync(medium)));
        var (kept, sent) = (TestPhotos.Read(storedBytes), TestPhotos.Read(bytes));
        Assert.That((kept.Format, kept.Width, kept.Height), Is.EqualTo((sent.Format, sent.Width, sent.Height)), "the same image, decoded and encoded again");
        Assert.That(kept.PersonalMetadata, Is.Empty);
        Assert.That(Path.GetFileName(stored), Does.Match(ServerFileName(extension)));
        Assert.That(Path.GetFileName(stored), Does.Not.Contain(Path.GetFileNameWithoutExtension(fileName)));
        Assert.That(Path.GetDirectoryName(Path.GetDirectoryName(stored)), Is.EqualTo(MediaDirectory));
    }

    [Test]
    public async Task Alt_text_caption_and_credit_in_Chinese_are_kept_exactly_as_sent()
    {
        var uploaded = await UploadedAsync(alt: "长岭县团干部培训现场", caption: "共青团长岭县委全面发力 多链条打造团干部队伍建设", credit: "共青团长岭县委");

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, uploaded["id"]!));

        var medium = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)medium["alt"], Is.EqualTo("长岭县团干部培训现场"));
        Assert.That((string?)medium["caption"], Is.EqualTo("共青团长岭县委全面发力 多链条打造团干部队伍建设"));
        Assert.That((string?)medium["credit"], Is.EqualTo("共青团长岭县委"));
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("共青团长岭县委"), "Chinese text is sent as UTF-8, not escaped");
    }

    [Test]
    public async Task A_Chinese_file_name_from_WeChat_is_kept_as_uploaded()
    {
        var medium = await UploadedAsync(fileName: "微信图片_20240102143600.jpg");

        Assert.That((string?)medium["fileName"], Is.EqualTo("微信图片_20240102143600.jpg"));
    }

    [Test]
    public async Task A_Chinese_file_name_sent_by_a_browser_as_raw_UTF8_is_kept_as_uploaded()
    {
        var res = await UploadWithDispositionAsync(TestImages.Jpeg(), "form-data; name=\"file\"; filename=\"微信图片_20240102143600.jpg\"");

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)medium["fileName"], Is.EqualTo("微信图片_20240102143600.jpg"));
    }

    [Test]
    public async Task An_upload_without_alt_caption_or_credit_has_none()
    {
        var medium = await UploadedAsync();

        Assert.That((string?)medium["alt"], Is.Null);
        Assert.That((string?)medium["caption"], Is.Null);
        Assert.That((string?)medium["credit"], Is.Null);
    }

    [Test]
    public async Task The_type_comes_from_the_bytes_not_from_the_name_or_the_content_type_the_client_claims()
    {
        var png = TestPhotos.Unique("png");
        var before = MediaFiles();

        var res = await UploadAsync(png, "photo.jpg", "image/jpeg");

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)medium["contentType"], Is.EqualTo("image/png"));
        Assert.That((string?)medium["fileName"], Is.EqualTo("photo.jpg"), "the name is metadata and stays as uploaded");
        Assert.That(Path.GetExtension(StoredPathOf(before)), Is.EqualTo(".png"));
        var content = await Anonymous.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));
        Assert.That(content.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
    }

    public static IEnumerable<TestCaseData> NotImages()
    {
        yield return new TestCaseData(Encoding.UTF8.GetBytes("hello"), "hello.jpg", "image/jpeg")
            .SetName("A_text_file_named_jpg_is_refused_as_unsupported");
        yield return new TestCaseData(Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"), "invoice.jpg", "image/jpeg")
            .SetName("A_PDF_named_jpg_is_refused_as_unsupported");
        yield return new TestCaseData(Encoding.UTF8.GetBytes(
                """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>"""),
                "logo.svg", "image/svg+xml")
            .SetName("An_SVG_with_a_script_is_refused_as_unsupported");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("""<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"""),
                "logo.png", "image/png")
            .SetName("An_SVG_named_png_is_refused_as_unsupported");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("<html><body><script>alert(1)</script></body></html>"), "page.gif", "image/gif")
            .SetName("An_HTML_page_named_gif_is_refused_as_unsupported");
        yield return new TestCaseData(new byte[] { 0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0, 0x6D, 0x69, 0x66, 0x31 },
                "IMG_0001.HEIC", "image/heic")
            .SetName("An_iPhone_HEIC_photo_is_refused_as_unsupported");
        yield return new TestCaseData(Array.Empty<byte>(), "empty.jpg", "image/jpeg")
            .SetName("An_empty_file_is_refused_as_unsupported");
    }

    [TestCaseSource(nameof(NotImages))]
    public async Task Files_that_are_not_images_are_refused_and_nothing_is_saved(byte[] bytes, string fileName, string contentType)
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(bytes, fileName, contentType);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.That(problem.ErrorsFor("file"), Is.Not.Empty);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    public static IEnumerable<TestCaseData> BrokenImages()
    {
        yield return new TestCaseData(MediaBytes.HeaderThenGarbage([0xFF, 0xD8, 0xFF, 0xE0]), "broken.jpg")
            .SetName("A_file_with_a_JPEG_header_and_garbage_after_it_is_refused_as_unreadable");
        yield return new TestCaseData(MediaBytes.HeaderThenGarbage([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "broken.png")
            .SetName("A_file_with_a_PNG_signature_and_garbage_after_it_is_refused_as_unreadable");
        yield return new TestCaseData(MediaBytes.HeaderThenGarbage("GIF89a"u8.ToArray()), "broken.gif")
            .SetName("A_file_with_a_GIF_header_and_garbage_after_it_is_refused_as_unreadable");
        yield return new TestCaseData(MediaBytes.HeaderThenGarbage("RIFF\x10\0\0\0WEBPVP8 "u8.ToArray()), "broken.webp")
            .SetName("A_file_with_a_WebP_header_and_garbage_after_it_is_refused_as_unreadable");
        yield return new TestCaseData(MediaBytes.FirstHalfOf(TestImages.Jpeg(320, 240)), "cut-off.jpg")
            .SetName("A_JPEG_cut_off_halfway_through_the_upload_is_refused_as_unreadable");
        yield return new TestCaseData(MediaBytes.FirstHalfOf(TestImages.Png(320, 240)), "cut-off.png")
            .SetName("A_PNG_cut_off_halfway_through_the_upload_is_refused_as_unreadable");
        yield return new TestCaseData(TestImages.Jpeg(320, 240)[..40], "header-only.jpg")
            .SetName("A_JPEG_of_only_its_first_40_bytes_is_refused_as_unreadable");
    }

    [TestCaseSource(nameof(BrokenImages))]
    public async Task Images_that_cannot_be_read_are_refused_and_nothing_is_saved(byte[] bytes, string fileName)
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(bytes, fileName);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("file"), Is.Not.Empty);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task An_image_that_declares_more_than_100_million_pixels_is_refused_before_it_is_decoded()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(MediaBytes.PngDeclaring(20_000, 20_000), "bomb.png", "image/png");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("file"), Has.Some.Contains("pixels"));
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [TestCase("../../etc/passwd.jpg", "passwd.jpg", TestName = "A_file_name_climbing_out_with_slashes_keeps_only_its_last_part")]
    [TestCase("..\\..\\evil.jpg", "evil.jpg", TestName = "A_file_name_climbing_out_with_backslashes_keeps_only_its_last_part")]
    [TestCase("/etc/cron.d/evil.jpg", "evil.jpg", TestName = "An_absolute_file_name_keeps_only_its_last_part")]
    [TestCase("C:\\Users\\李雪\\Pictures\\mmexport1704177120277.jpg", "mmexport1704177120277.jpg",
        TestName = "A_full_Windows_path_sent_by_an_old_browser_keeps_only_the_file_name")]
    public async Task Path_like_file_names_are_stored_as_their_last_segment_and_never_become_a_path(string sent, string kept)
    {
        var before = MediaFiles();
        var outside = FilesOutsideMedia();

        var res = await UploadAsync(TestPhotos.Unique(), sent);

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)medium["fileName"], Is.EqualTo(kept));
        Assert.That(Path.GetFileName(StoredPathOf(before)), Does.Match(ServerFileName(".jpg")));
        Assert.That(FilesOutsideMedia(), Is.EquivalentTo(outside), "nothing is written outside the media folder");
        Assert.That(File.Exists(Path.GetFullPath(Path.Combine(MediaDirectory, sent.Replace('\\', '/')))), Is.False);
    }

    [Test]
    public async Task Control_characters_in_a_file_name_are_removed()
    {
        var before = MediaFiles();

        var res = await UploadWithDispositionAsync(TestPhotos.Unique(), "form-data; name=\"file\"; filename=\"ev\u0001il\u001bna\tme\u007f.jpg\"");

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)medium["fileName"], Is.EqualTo("evilname.jpg"));
        Assert.That(Path.GetFileName(StoredPathOf(before)), Does.Match(ServerFileName(".jpg")));
    }

    [Test]
    public async Task Line_breaks_and_NUL_characters_smuggled_in_an_encoded_file_name_are_removed()
    {
        var before = MediaFiles();

        var res = await UploadWithDispositionAsync(TestPhotos.Unique(), "form-data; name=\"file\"; filename*=UTF-8''ev%00il%0D%0Aname.jpg");

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((string?)medium["fileName"], Is.EqualTo("evilname.jpg"));
        Assert.That(Path.GetFileName(StoredPathOf(before)), Does.Match(ServerFileName(".jpg")));
    }

    [Test]
    public async Task A_400_character_file_name_is_shortened_but_keeps_its_extension()
    {
        var sent = new string('长', 396) + ".jpg";
        var before = MediaFiles();

        var res = await UploadAsync(TestPhotos.Unique(), sent);

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        var kept = (string)medium["fileName"]!;
        Assert.That(kept, Has.Length.InRange(5, 255));
        Assert.That(kept, Does.EndWith("长.jpg"));
        Assert.That(Path.GetFileName(StoredPathOf(before)), Does.Match(ServerFileName(".jpg")));
    }

    [TestCase("../../", TestName = "A_file_name_that_is_only_a_path_is_replaced_by_a_neutral_name")]
    [TestCase("...", TestName = "A_file_name_that_is_only_dots_is_replaced_by_a_neutral_name")]
    public async Task File_names_with_nothing_left_after_cleaning_get_a_neutral_name(string sent)
    {
        var res = await UploadAsync(TestImages.Jpeg(), sent);

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        var kept = (string)medium["fileName"]!;
        Assert.That(kept, Is.Not.Empty);
        Assert.That(kept, Does.Not.Contain("/").And.Not.Contain("\\").And.Not.Contain(".."));
    }

    [Test]
    public async Task An_upload_without_a_file_field_is_refused_naming_the_file_field()
    {
        var media = await AllMediaIdsAsync();
        var form = new MultipartFormDataContent();

        var res = await PostFormAsync(form, "替代文字", "只有说明,没有图片", null, null);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("file"), Is.Not.Empty);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
    }

    [Test]
    public async Task An_image_sent_under_another_field_name_is_refused_naming_the_file_field()
    {
        var media = await AllMediaIdsAsync();
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Jpeg()), "image", "photo.jpg" } };

        var res = await PostFormAsync(form, null, null, null, null);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("file"), Is.Not.Empty);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
    }

    [Test]
    public async Task An_upload_sent_as_JSON_instead_of_a_form_is_refused_as_the_wrong_content_type()
    {
        var media = await AllMediaIdsAsync();

        var res = await Admin.PostRawAsync(ApiRoutes.For(UploadMediaRequest.Route), "{\"file\":\"/9j/4AAQSkZJRg==\",\"caption\":\"图片\"}");

        await res.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
    }

    [Test]
    public async Task Alt_text_over_1000_characters_is_refused_naming_the_field_and_nothing_is_saved()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(TestImages.Jpeg(), alt: new string('图', 1001));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("alt"), Is.Not.Empty);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task A_caption_of_only_spaces_is_stored_as_no_caption()
    {
        var medium = await UploadedAsync(caption: "   ");

        Assert.That((string?)medium["caption"], Is.Null);
    }

    [Test]
    public async Task Uploads_without_a_key_are_refused_and_nothing_is_saved()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(TestImages.Jpeg(), client: Anonymous);

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(res.Headers.WwwAuthenticate.ToString(), Does.Contain("Bearer"));
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task Uploads_with_a_wrong_key_are_refused_and_nothing_is_saved()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();
        using var stranger = ClientWithKey("cms_not-a-real-key");

        var res = await UploadAsync(TestImages.Jpeg(), client: stranger);

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    /// <summary>Every file of this fixture's data directory outside the media folder, except SQLite's own.</summary>
    List<string> FilesOutsideMedia() => Directory.GetFiles(Factory.DataDirectory, "*", SearchOption.AllDirectories)
        .Where(f => !f.StartsWith(MediaDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        .Where(f => !Path.GetFileName(f).StartsWith("cms.db", StringComparison.Ordinal))
        .Concat(Directory.GetFiles(Path.GetDirectoryName(Factory.DataDirectory)!, "*", SearchOption.TopDirectoryOnly))
        .ToList();

    static string ServerFileName(string extension) => $"^[0-9a-f]{{32}}{Regex.Escape(extension)}$";
}
