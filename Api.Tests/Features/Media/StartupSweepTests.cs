using System.Net;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Temporary files of uploads and renders that a stopped process left behind are removed when the API starts.</summary>
public sealed class StartupSweepTests
{
    [Test]
    public async Task Temporary_media_files_left_by_an_earlier_run_are_removed_at_start_up_and_nothing_else()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cms-tests", Guid.NewGuid().ToString("N"));
        var media = Path.Combine(dataDirectory, "media");
        var stale = new[]
        {
            Path.Combine(media, ".tmp-3f2a9c0d5e6b4a1f8c7d6e5f4a3b2c1d"),
            Path.Combine(media, ".tmp-upload-cut-off-by-a-restart"),
            Path.Combine(media, "ab", ".tmp-0123456789abcdef"),
        };
        var kept = new[]
        {
            Path.Combine(media, "ab", "ab0123456789abcdef0123456789abcd.jpg"),
            Path.Combine(media, "variants", "ab", "ab0123456789abcdef0123456789abcd", "w320-h-contain-q80.webp"),
            Path.Combine(media, "tmp-not-a-temporary-file.jpg"),
        };
        foreach (var file in stale.Concat(kept))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, TestImages.Jpeg());
        }

        var factory = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Cms:DataDirectory"] = dataDirectory });

        using var client = factory.CreateClient();
        Assert.That((await client.GetAsync("/api/v1/media")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(stale.Where(File.Exists), Is.Empty);
        Assert.That(kept.Where(File.Exists), Is.EqualTo(kept));
    }
}
