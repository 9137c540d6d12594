using System.Security.Cryptography;
using Cms.Api.Data;
using Cms.Api.Data.Demo;
using Cms.Api.Features.Keys;
using Cms.Api.Features.Maintenance;
using Cms.Api.Features.Search;
using Cms.Api.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace Cms.Api.Infrastructure;

/// <summary>Prepares the data directory before the first request: schema, secrets, the bootstrap key, demo content.</summary>
public sealed class AppInitializer(
    DbLocation location,
    Db db,
    Migrator migrator,
    ApiKeyRepository keys,
    DemoContentSeeder demo,
    MediaSweep sweep,
    IOptions<CmsOptions> options,
    ILogger<AppInitializer> log)
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(location.MediaDirectory);
        migrator.Apply();
        var reindexed = await db.WriteAsync((c, tx) => SearchIndex.RebuildIfIncompleteAsync(c, tx, ct), ct);
        if (reindexed > 0) { log.LogInformation("Rebuilt the search index for {Count} articles.", reindexed); }

        var configured = string.IsNullOrWhiteSpace(options.Value.BootstrapAdminKey) ? null : options.Value.BootstrapAdminKey.Trim();
        var generated = await keys.EnsureBootstrapAdminAsync(configured, ct);
        if (generated is not null)
        {
            log.LogWarning("""
                A new database was created at {Path}. Its admin API key, shown only this once:

                    {Key}

                Send it as 'Authorization: Bearer <key>'. Set Cms:BootstrapAdminKey to choose a key instead.
                """, location.DatabasePath, generated);
        }

        if (options.Value.SeedDemoContent && await demo.SeedOnceAsync(ct))
        {
            log.LogInformation("Seeded demo content (stations, channels, authors, articles, images).");
        }

        var swept = await sweep.RunAsync(ct);
        if (swept != new SweepReport(0, 0, 0))
        {
            log.LogWarning("Cleared what an earlier run left unfinished in the media folder: {Temporary} temporary files, " +
                           "{Orphans} files no medium names, {Variants} variant folders of deleted files.",
                swept.TemporaryFiles, swept.OrphanFiles, swept.OrphanVariantSets);
        }
    }

    public static CursorCodec CreateCursorCodec(AppSettingsRepository settings) =>
        new(Convert.FromBase64String(settings.GetOrAddAsync("cursor_secret",
            () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), CancellationToken.None).GetAwaiter().GetResult()));
}
