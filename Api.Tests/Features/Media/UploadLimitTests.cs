using System.Net;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

public sealed class UploadLimitTests : MediaFixture
{
    const int Limit = 50_000;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:MaxUploadBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Test]
    public async Task An_image_one_byte_over_the_limit_is_refused_as_too_large_and_nothing_is_saved()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(MediaBytes.PaddedTo(TestImages.Jpeg(), Limit + 1));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(problem.ErrorsFor("file"), Is.Not.Empty);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task An_image_many_times_the_limit_is_refused_as_too_large_and_nothing_is_saved()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(MediaBytes.PaddedTo(TestImages.Jpeg(), Limit * 6));

        await res.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }

    [Test]
    public async Task An_image_of_exactly_the_limit_is_accepted()
    {
        var bytes = MediaBytes.PaddedTo(TestImages.Jpeg(), Limit);

        var res = await UploadAsync(bytes);

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        var served = await ServedAsync(medium);
        Assert.That((long?)medium["byteSize"], Is.EqualTo(served.Length));
        Assert.That((string?)medium["sha256"], Is.EqualTo(MediaBytes.Sha256Of(served)));
        Assert.That(TestPhotos.Read(served), Has.Property("Width").EqualTo(64).And.Property("Height").EqualTo(48));
    }

    [Test]
    public async Task An_image_under_the_limit_is_accepted()
    {
        var bytes = TestImages.Jpeg();

        var res = await UploadAsync(bytes);

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.That((long?)medium["byteSize"], Is.EqualTo((await ServedAsync(medium)).Length));
        Assert.That((long?)medium["byteSize"], Is.LessThan(Limit));
    }

    [Test]
    public async Task A_file_over_the_limit_is_refused_as_too_large_before_its_type_is_checked()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();

        var res = await UploadAsync(new byte[Limit + 1000], "zeros.jpg");

        await res.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
    }
}
