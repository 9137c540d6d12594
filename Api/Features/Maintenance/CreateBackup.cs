using System.ComponentModel;
using System.Globalization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using Microsoft.Extensions.Options;

namespace Cms.Api.Features.Maintenance;

public sealed class BackupResponse
{
    [Description("The new data directory (cms.db + media/); start a server on it with Cms__DataDirectory to restore.")]
    public required string Directory { get; init; }

    public required DateTime StartedAt { get; init; }
    public required long DatabaseBytes { get; init; }
    public required int MediaFiles { get; init; }
    public required long MediaBytes { get; init; }

    [Description("Files the database names that could not be found to copy; empty when the copy is complete.")]
    public required IReadOnlyList<string> MissingFiles { get; init; }

    public required long DurationMs { get; init; }

    public static BackupResponse From(BackupReport report) => new()
    {
        Directory = report.Directory, StartedAt = report.StartedAt.UtcDateTime, DatabaseBytes = report.DatabaseBytes,
        MediaFiles = report.MediaFiles, MediaBytes = report.MediaBytes, MissingFiles = report.MissingFiles,
        DurationMs = (long)report.Duration.TotalMilliseconds,
    };
}

/// <summary>Backs up the live data directory into a new folder under Cms:BackupDirectory, one backup at a time.</summary>
public sealed class CreateBackupEndpoint(BackupService backups, IOptions<CmsOptions> options, IWebHostEnvironment env, TimeProvider clock)
    : EndpointWithoutRequest<BackupResponse>
{
    public const string Route = "/backups";

    static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public override void Configure()
    {
        Post(Route);
        Roles(Caller.RoleName(KeyRole.Admin));
        Tags("Maintenance");
        Summary(s => s.Summary = "Copy the database and media, while writes go on, into a new data directory (unlimited admin)");
        Description(b => b.Produces<BackupResponse>(201).ProducesProblems(403, 409));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await this.RefuseIfLimitedAsync("back up the data, which covers every station", ct)) { return; }
        if (!await OneAtATime.WaitAsync(0, ct))
        {
            await this.SendProblemAsync(ProblemTypes.StateConflict, "A backup is already running; wait for it to finish.", ct);
            return;
        }
        try
        {
            var root = options.Value.ResolveBackupDirectory(env.ContentRootPath);
            var name = "cms-" + clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
            var report = await backups.CreateAsync(Path.Combine(root, name), ct);
            HttpContext.Response.Headers.CacheControl = "no-store";
            await Send.ResponseAsync(BackupResponse.From(report), 201, ct);
        }
        catch (BackupRefusedException refused)
        {
            await this.SendProblemAsync(ProblemTypes.StateConflict, refused.Message, ct);
        }
        finally
        {
            OneAtATime.Release();
        }
    }
}
