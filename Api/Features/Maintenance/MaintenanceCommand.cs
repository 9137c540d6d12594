namespace Cms.Api.Features.Maintenance;

/// <summary>The commands the app runs instead of serving: <c>backup &lt;directory&gt;</c> and <c>integrity</c>. They read
/// the same configuration as the server (Cms__DataDirectory names the data directory), so they work on the published
/// app (<c>dotnet Api.dll backup /srv/backups/today</c>) and from source (<c>dotnet run --project Api -- integrity</c>).</summary>
public sealed record MaintenanceCommand(string Name, string[] HostArgs)
{
    public const string Usage = """
        Commands:
          backup <directory>   copy the database and media into a new data directory, while the server runs
          integrity            check the database and the media folder against each other
        Without a command the API serves HTTP.
        """;

    public string? BackupDirectory { get; init; }

    /// <summary>For "usage": what was wrong with the arguments.</summary>
    public string? UsageError { get; init; }

    /// <summary>Null when the arguments start no command (the app serves); options such as --urls pass to the host.</summary>
    public static MaintenanceCommand? Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) { return null; }
        return args[0] switch
        {
            "backup" when args.Length > 1 && !args[1].StartsWith('-') => new MaintenanceCommand("backup", args[2..]) { BackupDirectory = args[1] },
            "backup" => new MaintenanceCommand("usage", args[1..]) { UsageError = "The backup command needs a target directory." },
            "integrity" => new MaintenanceCommand("integrity", args[1..]),
            _ => new MaintenanceCommand("usage", args[1..]) { UsageError = $"Unknown command '{args[0]}'." },
        };
    }

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        switch (Name)
        {
            case "backup":
                try
                {
                    var report = await services.GetRequiredService<BackupService>().CreateAsync(BackupDirectory!, ct);
                    await output.WriteLineAsync($"Backed up to {report.Directory} in {report.Duration.TotalSeconds:0.0} s: " +
                        $"database {report.DatabaseBytes:N0} bytes, {report.MediaFiles} media files ({report.MediaBytes:N0} bytes).");
                    foreach (var missing in report.MissingFiles) { await errors.WriteLineAsync($"missing: {missing} (named by the database, not found to copy)"); }
                    return report.MissingFiles.Count == 0 ? 0 : 1;
                }
                catch (BackupRefusedException refused)
                {
                    await errors.WriteLineAsync(refused.Message);
                    return 2;
                }
            case "integrity":
                var result = await services.GetRequiredService<IntegrityCheck>().RunAsync(ct);
                await WriteAsync(result, output);
                return result.Ok ? 0 : 1;
            default:
                await errors.WriteLineAsync(UsageError + Environment.NewLine + Usage);
                return 2;
        }
    }

    static async Task WriteAsync(IntegrityReport report, TextWriter output)
    {
        foreach (var line in report.DatabaseErrors) { await output.WriteLineAsync($"database: {line}"); }
        foreach (var line in report.ForeignKeyErrors) { await output.WriteLineAsync($"foreign key: {line}"); }
        foreach (var missing in report.MissingFiles) { await output.WriteLineAsync($"missing file: {missing.File} (medium {missing.MediaId})"); }
        foreach (var damaged in report.DamagedFiles)
        {
            await output.WriteLineAsync($"damaged file: {damaged.File} (medium {damaged.MediaId}): {damaged.ActualBytes:N0} bytes, the medium records {damaged.ExpectedBytes:N0}");
        }
        foreach (var orphan in report.OrphanFiles) { await output.WriteLineAsync($"orphan file: {orphan}"); }
        foreach (var set in report.OrphanVariantSets) { await output.WriteLineAsync($"orphan variants: {set}"); }
        foreach (var temp in report.TemporaryFiles) { await output.WriteLineAsync($"temporary file: {temp}"); }
        await output.WriteLineAsync(report.Ok
            ? $"ok: database intact, {report.MediaRows} media rows and {report.StoredFiles} files agree."
            : "problems found (see above).");
    }
}
