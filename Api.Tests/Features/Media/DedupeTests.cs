using System.Net;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Identical uploads: each gets a row of its own (its own description and uploader) over one stored file, which
/// stays as long as any row uses it.</summary>
public sealed class DedupeTests : MediaFixture
{
    [Test]
    public async Task Two_uploads_of_the_same_bytes_get_rows_of_their_own_over_one_stored_file()
    {
        var photo = TestPhotos.Phone();
        var (contributorId, contributor) = await KeyAsync("contributor");
        var before = MediaFiles();
        var first = await UploadedAsync(photo, "mmexport1704177120277.jpg", alt: "团干部合影", caption: "长岭县团干部培训班", credit: "共青团长岭县委");

        var second = await UploadedAsync(photo, "微信图片_20240102143600.jpg", alt: "培训现场", caption: "松原站报道", credit: "李雪", client: contributor);

        Assert.That((long)second["id"]!, Is.Not.EqualTo((long)first["id"]!));
        Assert.That(MediaFiles().Except(before).ToList(), Has.Count.EqualTo(1), "one stored file for both");
        foreach (var fact in new[] { "sha256", "byteSize", "contentType", "width", "height" })
        {
            Assert.That(second[fact]?.ToJsonString(), Is.EqualTo(first[fact]?.ToJsonString()), fact);
        }
        Assert.That((string?)second["fileName"], Is.EqualTo("微信图片_20240102143600.jpg"));
        Assert.That(((string?)second["alt"], (string?)second["caption"], (string?)second["credit"]), Is.EqualTo(("培训现场", "松原站报道", "李雪")));
        Assert.That(((string?)first["alt"], (string?)first["caption"], (string?)first["credit"]), Is.EqualTo(("团干部合影", "长岭县团干部培训班", "共青团长岭县委")));
        Assert.That((long?)second["uploadedByKeyId"], Is.EqualTo(contributorId));
        Assert.That((long?)first["uploadedByKeyId"], Is.Not.EqualTo(contributorId));
        Assert.That(await ServedAsync(second), Is.EqualTo(await ServedAsync(first)));
    }

    [Test]
    public async Task Editing_one_of_two_identical_uploads_leaves_the_other_as_it_was()
    {
        var photo = TestPhotos.Unique();
        var first = await UploadedAsync(photo, caption: "第一次上传");
        var second = await UploadedAsync(photo, caption: "第二次上传");

        var res = await Admin.PutJsonAsync(ApiRoutes.For(UpdateMediaRequest.Route, first["id"]!), new { caption = "改过的说明", focalX = 0.2, focalY = 0.8 });

        await res.ExpectJsonAsync(HttpStatusCode.OK);
        var other = await (await Admin.GetAsync(ApiRoutes.For(GetMediaRequest.Route, second["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)other["caption"], Is.EqualTo("第二次上传"));
        Assert.That((double?)other["focalX"], Is.Null);
    }

    [Test]
    public async Task Deleting_one_of_two_identical_uploads_keeps_the_file_and_variants_for_the_other()
    {
        var photo = TestPhotos.Unique("jpeg", 400, 300);
        var before = MediaFiles();
        var first = await UploadedAsync(photo);
        var second = await UploadedAsync(photo);
        var variant = await ServedAsync(second, "w=160&format=webp");
        var stored = MediaFiles().Except(before).ToList();

        var res = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, first["id"]!));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await res.Content.ReadAsStringAsync());
        Assert.That(stored, Has.Count.EqualTo(2), "the served copy and one variant");
        Assert.That(stored.Select(File.Exists), Is.All.True);
        Assert.That(MediaBytes.Sha256Of(await ServedAsync(second)), Is.EqualTo((string?)second["sha256"]));
        Assert.That(await ServedAsync(second, "w=160&format=webp"), Is.EqualTo(variant));
    }

    [TestCase(true, TestName = "Deleting_both_identical_uploads_removes_their_file_and_variants_newest_first")]
    [TestCase(false, TestName = "Deleting_both_identical_uploads_removes_their_file_and_variants_oldest_first")]
    public async Task Deleting_every_row_over_a_file_removes_the_file(bool newestFirst)
    {
        var photo = TestPhotos.Unique("jpeg", 400, 300);
        var before = MediaFiles();
        var first = await UploadedAsync(photo);
        var second = await UploadedAsync(photo);
        var variantFoldersBefore = VariantFolders();
        await ServedAsync(first, "w=320");
        await ServedAsync(second, "w=160&h=160&fit=cover");
        var variantFolder = VariantFolders().Except(variantFoldersBefore).Single();
        var (a, b) = newestFirst ? (second, first) : (first, second);

        var deletedA = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, a["id"]!));
        var deletedB = await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, b["id"]!));

        Assert.That(deletedA.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(deletedB.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(MediaFiles(), Is.EquivalentTo(before));
        Assert.That(Directory.Exists(variantFolder), Is.False);
    }

    [Test]
    public async Task An_upload_of_bytes_whose_rows_were_all_deleted_is_stored_again()
    {
        var photo = TestPhotos.Unique();
        var gone = await UploadedAsync(photo);
        await Admin.DeleteAsync(ApiRoutes.For(DeleteMediaRequest.Route, gone["id"]!));
        var before = MediaFiles();

        var again = await UploadedAsync(photo);

        Assert.That(MediaFiles().Except(before).ToList(), Has.Count.EqualTo(1));
        Assert.That(MediaBytes.Sha256Of(await ServedAsync(again)), Is.EqualTo((string?)again["sha256"]));
    }

    [Test]
    public async Task The_same_picture_encoded_differently_is_stored_twice()
    {
        var png = TestPhotos.Unique("png", 200, 150);
        using var decoded = NetVips.Image.NewFromBuffer(png);
        var sameAsWebP = TestPhotos.Encode(decoded, "webp");
        var before = MediaFiles();

        var first = await UploadedAsync(png, "a.png", "image/png");
        var second = await UploadedAsync(sameAsWebP, "a.webp", "image/webp");

        Assert.That(MediaFiles().Except(before).ToList(), Has.Count.EqualTo(2));
        Assert.That((string?)second["sha256"], Is.Not.EqualTo((string?)first["sha256"]));
    }

    [Test]
    public async Task Identical_uploads_with_different_focal_points_get_crops_of_their_own()
    {
        var halves = TestPhotos.Halves("png", 400, 300);
        var left = await UploadedWithFocalPointAsync(halves, "0.1", "0.5");
        var right = await UploadedWithFocalPointAsync(halves, "0.9", "0.5");

        var leftCrop = await ServedAsync(left, "w=160&h=240&fit=cover");
        var rightCrop = await ServedAsync(right, "w=160&h=240&fit=cover");

        Assert.That((string?)right["sha256"], Is.EqualTo((string?)left["sha256"]), "one stored file");
        Assert.That(TestPhotos.ColourAt(leftCrop, 80, 120), Is.EqualTo("red"));
        Assert.That(TestPhotos.ColourAt(rightCrop, 80, 120), Is.EqualTo("blue"));
    }

    [Test]
    public async Task A_second_identical_upload_that_fails_validation_leaves_the_first_as_it_was()
    {
        var photo = TestPhotos.Unique();
        var first = await UploadedAsync(photo, caption: "原图");
        var files = MediaFiles();

        var res = await UploadAsync(photo, alt: new string('图', 1001));

        await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
        Assert.That(MediaBytes.Sha256Of(await ServedAsync(first)), Is.EqualTo((string?)first["sha256"]));
    }

    List<string> VariantFolders()
    {
        var variants = Path.Combine(MediaDirectory, "variants");
        return Directory.Exists(variants)
            ? Directory.GetDirectories(variants, "*", SearchOption.AllDirectories).Where(d => Path.GetFileName(d).Length == 32).ToList()
            : [];
    }
}
