using System.Net;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Variant URLs that differ only in a parameter that changes no pixel share one file: nobody can multiply the
/// renderings (and the disk they take) by varying what makes no difference.</summary>
public sealed class VariantNormalisationTests : MediaFixture
{
    [TestCase("w=1280", "w=1920", TestName = "Widths_at_or_above_the_images_own_share_one_file")]
    [TestCase("h=960", "h=1080", TestName = "Heights_at_or_above_the_images_own_share_one_file")]
    [TestCase("w=1920&format=webp", "format=webp", TestName = "A_width_above_the_images_own_is_the_image_at_its_own_size")]
    [TestCase("w=320&h=90", "w=640&h=90&fit=contain", TestName = "A_box_whose_height_binds_ignores_the_width")]
    [TestCase("w=320&h=720", "w=320", TestName = "A_box_whose_width_binds_ignores_the_height")]
    [TestCase("w=320&format=png&q=50", "w=320&format=png&q=90", TestName = "PNG_variants_ignore_the_quality_as_PNG_is_lossless")]
    [TestCase("w=1280&h=240&fit=cover", "w=1920&h=240&fit=cover", TestName = "A_cover_box_wider_than_the_image_is_cut_to_its_width")]
    [TestCase("w=1280&h=1080&fit=cover", "w=1920&h=960&fit=cover", TestName = "A_cover_box_larger_than_the_image_is_the_whole_image")]
    public async Task Two_urls_that_render_the_same_pixels_share_one_file_bytes_and_ETag(string one, string other)
    {
        var medium = await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750));
        var before = VariantFiles();

        var first = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?{one}");
        var second = await Anonymous.GetAsync($"{ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!)}?{other}");

        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(await second.Content.ReadAsByteArrayAsync(), Is.EqualTo(await first.Content.ReadAsByteArrayAsync()));
        Assert.That(second.Headers.ETag, Is.EqualTo(first.Headers.ETag));
        Assert.That(VariantFiles().Except(before).ToList(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_cover_box_larger_than_the_image_is_the_whole_image_wherever_the_focal_point_is()
    {
        var medium = await UploadedWithFocalPointAsync(TestPhotos.Unique("png", 400, 300), "0.2", "0.7");
        var before = VariantFiles();

        var first = await ServedAsync(medium, "w=640&h=480&fit=cover");
        var second = await ServedAsync(medium, "w=960&h=320&fit=cover");

        Assert.That(TestPhotos.Read(first), Has.Property("Width").EqualTo(400).And.Property("Height").EqualTo(300));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(VariantFiles().Except(before).ToList(), Has.Count.EqualTo(1));
    }
}
