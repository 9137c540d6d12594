using System.Net;
using Cms.Api.Data;
using Cms.Api.Features.Maintenance;
using Cms.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Maintenance;

/// <summary>The integrity check finds what can go wrong between the database and the media folder. Each test damages
/// its own backup of the fixture's data directory, so the live one stays whole.</summary>
public sealed class IntegrityTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    readonly string copies = Path.Combine(Path.GetTempPath(), "cms-tests", "integrity-" + Guid.NewGuid().ToString("N"));
    long mediumId;
    string storedFile = null!;

    [OneTimeSetUp]
    public async Task SeedContent()
    {
        var medium = await Given.MediaAsync(TestImages.Jpeg(61, 43));
        mediumId = (long)medium["id"]!;
        await Given.ArticleAsync();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Factory.DataDirectory, "cms.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT storage_name FROM media WHERE id = {mediumId}";
        storedFile = (string)(await query.ExecuteScalarAsync())!;
    }

    [OneTimeTearDown]
    public void RemoveCopies()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(copies)) { Directory.Delete(copies, recursive: true); }
    }

    [Test]
    public async Task A_whole_data_directory_is_reported_ok_with_exit_code_0()
    {
        using var output = new StringWriter();

        var exit = await MaintenanceCommand.Parse(["integrity"])!.RunAsync(Factory.Services, output, output, CancellationToken.None);

        Assert.That(exit, Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.StartWith("ok: database intact"));
    }

    [Test]
    public async Task The_admin_endpoint_reports_the_same_check()
    {
        var report = await (await Admin.GetAsync(ApiRoutes.For(GetIntegrityEndpoint.Route))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That((bool)report["ok"]!, Is.True, report.ToJsonString());
        Assert.That((int)report["mediaRows"]!, Is.GreaterThanOrEqualTo(1));
        var (_, secret) = await Admin.KeyAsync("editor");
        using var editor = ClientWithKey(secret);
        await (await editor.GetAsync(ApiRoutes.For(GetIntegrityEndpoint.Route))).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task A_file_the_database_names_that_is_gone_is_reported_missing_with_its_medium()
    {
        var copy = await CopyAsync();
        File.Delete(MediaPath(copy, storedFile));

        var report = await new IntegrityCheck(copy).RunAsync(CancellationToken.None);

        Assert.That(report.Ok, Is.False);
        Assert.That(report.MissingFiles, Does.Contain(new MissingMediaFile(mediumId, storedFile)));
        Assert.That(report.OrphanFiles, Is.Empty);
    }

    [Test]
    public async Task A_file_cut_short_or_emptied_by_a_crash_is_reported_damaged_with_both_sizes()
    {
        var copy = await CopyAsync();
        var path = MediaPath(copy, storedFile);
        var expected = new FileInfo(path).Length;
        await File.WriteAllBytesAsync(path, []);
        using var output = new StringWriter();
        var services = new ServiceCollection().AddSingleton(copy).AddSingleton<IntegrityCheck>().BuildServiceProvider();

        var exit = await MaintenanceCommand.Parse(["integrity"])!.RunAsync(services, output, output, CancellationToken.None);
        var report = await new IntegrityCheck(copy).RunAsync(CancellationToken.None);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(report.DamagedFiles, Does.Contain(new DamagedMediaFile(mediumId, storedFile, expected, 0)));
        Assert.That(report.MissingFiles, Is.Empty);
        Assert.That(output.ToString(), Does.Contain($"damaged file: {storedFile} (medium {mediumId}): 0 bytes"));
    }

    [Test]
    public async Task Files_no_medium_names_unfinished_uploads_and_variants_of_deleted_files_are_reported()
    {
        var copy = await CopyAsync();
        await WriteAsync(MediaPath(copy, "zz/0123456789abcdef.jpg"));
        await WriteAsync(MediaPath(copy, ".tmp-0123456789abcdef"));
        await WriteAsync(MediaPath(copy, "variants/zz/0123456789abcdef/w320.webp"));

        var report = await new IntegrityCheck(copy).RunAsync(CancellationToken.None);

        Assert.That(report.Ok, Is.False);
        Assert.That(report.OrphanFiles, Is.EqualTo(new[] { "zz/0123456789abcdef.jpg" }));
        Assert.That(report.TemporaryFiles, Is.EqualTo(new[] { ".tmp-0123456789abcdef" }));
        Assert.That(report.OrphanVariantSets, Is.EqualTo(new[] { "variants/zz/0123456789abcdef" }));
        Assert.That(report.MissingFiles, Is.Empty);
    }

    [Test]
    public async Task A_row_that_names_a_missing_parent_is_reported_as_a_foreign_key_error()
    {
        var copy = await CopyAsync();
        await using (var connection = new SqliteConnection($"Data Source={copy.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var damage = connection.CreateCommand();
            damage.CommandText = "PRAGMA foreign_keys = OFF; UPDATE channels SET station_id = 987654321;";
            await damage.ExecuteNonQueryAsync();
        }

        var report = await new IntegrityCheck(copy).RunAsync(CancellationToken.None);

        Assert.That(report.Ok, Is.False);
        Assert.That(report.ForeignKeyErrors, Has.Some.Contains("channels").And.Some.Contains("stations"));
    }

    [Test]
    public async Task A_damaged_database_file_is_reported_and_the_command_exits_1()
    {
        var copy = await CopyAsync();
        await using (var file = new FileStream(copy.DatabasePath, FileMode.Open, FileAccess.Write))
        {
            file.Position = 4096 * 3;
            await file.WriteAsync(Enumerable.Repeat((byte)0x5A, 4096 * 4).ToArray());
        }
        var services = new ServiceCollection().AddSingleton(copy).AddSingleton<IntegrityCheck>().BuildServiceProvider();
        using var output = new StringWriter();

        var exit = await MaintenanceCommand.Parse(["integrity"])!.RunAsync(services, output, output, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain("database: ").And.Contain("problems found"));
    }

    async Task<DbLocation> CopyAsync()
    {
        var target = Path.Combine(copies, Guid.NewGuid().ToString("N"));
        var report = await Factory.Services.GetRequiredService<BackupService>().CreateAsync(target, CancellationToken.None);
        Assert.That(report.MissingFiles, Is.Empty);
        return new DbLocation(target);
    }

    static string MediaPath(DbLocation location, string relative) => Path.Combine(location.MediaDirectory, relative);

    static async Task WriteAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, [1, 2, 3]);
    }
}
