using System.Net;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Maintenance;

/// <summary>What a killed process leaves in the media folder (unfinished uploads, files whose row was never committed,
/// variants of deleted files) is gone after the next start, and nothing a medium names is touched.</summary>
public sealed class StartupSweepTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    [Test]
    public async Task A_restart_removes_temporary_orphan_and_variant_leftovers_and_keeps_every_stored_file()
    {
        var medium = await Given.MediaAsync(TestImages.Png(52, 39));
        var media = Path.Combine(Factory.DataDirectory, "media");
        var kept = Directory.EnumerateFiles(media, "*", SearchOption.AllDirectories).ToList();
        string[] leftovers =
        [
            Path.Combine(media, ".tmp-5f0c2a"),
            Path.Combine(media, "ab", ".tmp-upload-in-flight"),
            Path.Combine(media, "ab", "abcdef0123456789abcdef0123456789.jpg"),
            Path.Combine(media, "variants", "ab", "abcdef0123456789abcdef0123456789", "w640.webp"),
        ];
        foreach (var file in leftovers)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, [0xFF, 0xD8, 0xFF]);
        }

        var restarted = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Cms:DataDirectory"] = Factory.DataDirectory });

        foreach (var file in leftovers) { Assert.That(File.Exists(file), Is.False, file); }
        Assert.That(Directory.Exists(Path.Combine(media, "variants", "ab", "abcdef0123456789abcdef0123456789")), Is.False);
        foreach (var file in kept) { Assert.That(File.Exists(file), Is.True, file); }
        using var client = restarted.CreateClient();
        var content = await client.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, medium["id"]!));
        Assert.That(content.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
