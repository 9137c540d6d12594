using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Features.Media;

/// <summary>The variants folder is bounded (here by 100 KB): rendering more than fits deletes the least recently served
/// variants, never the served copies, and a deleted variant is rendered again, to the same bytes, when asked for.</summary>
public sealed class VariantCacheBoundTests : MediaFixture
{
    const long BoundBytes = 100 * 1024;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:Media:VariantCacheMegabytes"] = "0.1",
    };

    const string Query = "w=640&q=90";

    long VariantBytes() => VariantFiles().Sum(f => new FileInfo(f).Length);

    /// <summary>Asks for the variant and returns its new file.</summary>
    async Task<string> RenderedFileAsync(System.Text.Json.Nodes.JsonNode medium)
    {
        var before = VariantFiles();
        await ServedAsync(medium, Query);
        return VariantFiles().Except(before).Single();
    }

    [Test]
    public async Task Rendering_more_than_fits_keeps_the_total_under_the_bound_and_deletes_the_least_recently_served()
    {
        var kept = await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750));
        var first = await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750));
        var storedBefore = MediaFiles().Except(VariantFiles()).ToList();
        var keptFile = await RenderedFileAsync(kept);
        var firstFile = await RenderedFileAsync(first);
        Assert.That(new FileInfo(keptFile).Length * 3, Is.LessThan(BoundBytes), "the test needs room for a few variants");

        var latest = "";
        for (var i = 0; i < 40 && File.Exists(firstFile); i++)
        {
            var next = await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750));
            latest = await RenderedFileAsync(next);
            await ServedAsync(kept, Query);
            Assert.That(VariantBytes(), Is.LessThanOrEqualTo(BoundBytes));
        }

        Assert.That(File.Exists(firstFile), Is.False, "the least recently served variant is deleted");
        Assert.That(File.Exists(keptFile), Is.True, "the variant served after every rendering is kept");
        Assert.That(File.Exists(latest), Is.True, "the newest variant is kept");
        Assert.That(storedBefore.Where(File.Exists).ToList(), Is.EquivalentTo(storedBefore), "served copies are never deleted");
    }

    [Test]
    public async Task A_deleted_variant_is_rendered_again_to_the_same_bytes_when_asked_for()
    {
        var medium = await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750));
        var file = await RenderedFileAsync(medium);
        var original = await File.ReadAllBytesAsync(file);
        for (var i = 0; i < 40 && File.Exists(file); i++) { await ServedAsync(await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750)), Query); }
        Assert.That(File.Exists(file), Is.False, "precondition: the variant was deleted");

        var again = await ServedAsync(medium, Query);

        Assert.That(again, Is.EqualTo(original));
        Assert.That(File.Exists(file), Is.True);
    }

    [Test]
    public async Task Variants_made_before_a_restart_count_toward_the_bound_and_the_oldest_written_go_first()
    {
        var before = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Cms:Media:VariantCacheMegabytes"] = "0" });
        using var admin = before.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CmsFactory.AdminKey);
        var variants = Path.Combine(before.DataDirectory, "media", "variants");
        var written = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var existing = Directory.Exists(variants) ? Directory.GetFiles(variants, "*", SearchOption.AllDirectories) : [];
            await ServedAsync(await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750), client: admin), Query, admin);
            var file = Directory.GetFiles(variants, "*", SearchOption.AllDirectories).Except(existing).Single();
            File.SetLastWriteTimeUtc(file, new DateTime(2024, 1, 2, 6, 36, i, DateTimeKind.Utc));
            written.Add(file);
        }
        Assert.That(written.Sum(f => new FileInfo(f).Length), Is.GreaterThan(BoundBytes), "precondition: more than the bound on disk");

        var restarted = await TestHosts.StartAsync(new Dictionary<string, string?>
        {
            ["Cms:DataDirectory"] = before.DataDirectory,
            ["Cms:Media:VariantCacheMegabytes"] = "0.1",
        });
        using var client = restarted.CreateClient();
        await ServedAsync(await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750), client: admin), Query, client);

        Assert.That(Directory.GetFiles(variants, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length), Is.LessThanOrEqualTo(BoundBytes));
        Assert.That(File.Exists(written[0]), Is.False, "the oldest written is deleted first");
        Assert.That(File.Exists(written[^1]), Is.True, "the newest written is kept");
    }

    [Test]
    public async Task A_variant_being_sent_when_it_is_deleted_is_still_sent_whole()
    {
        var medium = await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750));
        var expected = await ServedAsync(medium, Query);
        var row = (await Factory.Services.GetRequiredService<MediaRepository>().FindAsync((long)medium["id"]!, CancellationToken.None))!;
        var spec = new VariantSpec(640, null, VariantFit.Contain, ImageInspector.Jpeg, 90);

        await using var stream = await Factory.Services.GetRequiredService<VariantRenderer>().OpenAsync(row, spec);
        for (var i = 0; i < 40 && File.Exists(stream.Name); i++) { await ServedAsync(await UploadedAsync(TestPhotos.Unique("jpeg", 1000, 750)), Query); }
        using var read = new MemoryStream();
        await stream.CopyToAsync(read);

        Assert.That(File.Exists(stream.Name), Is.False, "precondition: the variant was deleted while open");
        Assert.That(read.ToArray(), Is.EqualTo(expected));
    }
}
