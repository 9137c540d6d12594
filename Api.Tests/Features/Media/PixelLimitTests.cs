using System.Net;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Cms:Media:MaxImagePixels set low, so the limit can be met with small real images.</summary>
public sealed class PixelLimitTests : MediaFixture
{
    const int Limit = 10_000;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:Media:MaxImagePixels"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Test]
    public async Task An_image_of_exactly_the_pixel_limit_is_accepted()
    {
        var res = await UploadAsync(TestPhotos.Unique("png", 100, 100), "square.png", "image/png");

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((int?)medium["width"] * (int?)medium["height"], Is.EqualTo(Limit));
    }

    [TestCase("png", TestName = "A_PNG_one_row_over_the_pixel_limit_is_refused_and_nothing_is_saved")]
    [TestCase("jpeg", TestName = "A_JPEG_one_row_over_the_pixel_limit_is_refused_and_nothing_is_saved")]
    [TestCase("webp", TestName = "A_WebP_one_row_over_the_pixel_limit_is_refused_and_nothing_is_saved")]
    [TestCase("avif", TestName = "An_AVIF_one_row_over_the_pixel_limit_is_refused_and_nothing_is_saved")]
    public async Task Images_over_the_pixel_limit_are_refused_and_nothing_is_saved(string format)
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(TestPhotos.Unique(format, 100, 101), "tall." + format);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("file"), Has.Some.Contains("pixels"));
        Assert.That((string?)problem["detail"], Does.Contain("100×101").And.Contain("10,000"));
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task A_small_PNG_declaring_a_larger_image_is_refused_for_the_size_it_declares_not_as_corrupt()
    {
        var files = MediaFiles();

        var res = await UploadAsync(MediaBytes.PngDeclaring(200, 200), "bomb.png", "image/png");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("file"), Has.Some.Contains("pixels"), "the header is checked before any pixel is decoded");
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task An_animation_of_up_to_four_times_the_limit_in_all_its_frames_is_accepted()
    {
        var res = await UploadAsync(TestPhotos.AnimatedGif(100, 100, frames: 4), "动图.gif", "image/gif");

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That(TestPhotos.Read(await ServedAsync(medium)).Pages, Is.EqualTo(4));
    }

    [Test]
    public async Task An_animation_over_four_times_the_limit_in_all_its_frames_is_refused_and_nothing_is_saved()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(TestPhotos.AnimatedGif(100, 100, frames: 5), "长动图.gif", "image/gif");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.ErrorsFor("file"), Has.Some.Contains("pixels"));
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }
}
