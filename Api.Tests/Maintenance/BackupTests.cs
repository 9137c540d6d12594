using System.Net;
using System.Net.Http.Headers;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Maintenance;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Maintenance;

/// <summary>A backup is taken while writers run, and a server started on it is a restore: it serves every article and
/// image acknowledged before the backup began, and its data directory passes the integrity check.</summary>
public sealed class BackupTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    readonly string backups = Path.Combine(Path.GetTempPath(), "cms-tests", "backups-" + Guid.NewGuid().ToString("N"));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:BackupDirectory"] = backups,
    };

    [OneTimeTearDown]
    public void RemoveBackups()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(backups)) { Directory.Delete(backups, recursive: true); }
    }

    [Test]
    public async Task A_backup_taken_while_writers_run_restores_every_article_and_image_acknowledged_before_it_began()
    {
        using var writers = new Writers(Admin, await Given.SectionAsync(), count: 4).Start();
        await writers.WaitForAsync(articles: 24);
        var articlesBefore = writers.Articles.ToList();
        var mediaBefore = writers.Media.ToList();

        var res = await Admin.PostAsync(ApiRoutes.For(CreateBackupEndpoint.Route), null);

        var backup = await res.ExpectJsonAsync(HttpStatusCode.Created);
        await writers.WaitForAsync(articles: writers.Articles.Count + 8);
        await writers.StopAsync();
        Assert.That(writers.ServerErrors, Is.Empty);
        Assert.That((string?)backup["directory"], Does.StartWith(backups));
        Assert.That((long)backup["databaseBytes"]!, Is.GreaterThan(0));
        Assert.That(backup["missingFiles"]!.AsArray(), Is.Empty);
        Assert.That((int)backup["mediaFiles"]!, Is.GreaterThanOrEqualTo(mediaBefore.Distinct().Count()));

        var restored = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Cms:DataDirectory"] = (string)backup["directory"]! });
        using var client = restored.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CmsFactory.AdminKey);
        foreach (var id in articlesBefore)
        {
            await (await client.GetAsync(ApiRoutes.For(GetArticleRequest.Route, id))).ExpectJsonAsync(HttpStatusCode.OK);
        }
        foreach (var id in mediaBefore)
        {
            var content = await client.GetAsync(ApiRoutes.For(GetMediaContentRequest.Route, id));
            Assert.That(content.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"medium {id}");
            Assert.That((await content.Content.ReadAsByteArrayAsync()).Length, Is.GreaterThan(0));
        }
        var integrity = await (await client.GetAsync(ApiRoutes.For(GetIntegrityEndpoint.Route))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((bool)integrity["ok"]!, Is.True, integrity.ToJsonString());
    }

    [Test]
    public async Task A_backup_never_overwrites_a_database_nor_writes_into_the_data_directory()
    {
        var service = Factory.Services.GetRequiredService<BackupService>();
        var first = Path.Combine(backups, "manual-" + Guid.NewGuid().ToString("N"));
        await service.CreateAsync(first, CancellationToken.None);

        var again = Assert.ThrowsAsync<BackupRefusedException>(() => service.CreateAsync(first, CancellationToken.None));
        var inside = Assert.ThrowsAsync<BackupRefusedException>(() => service.CreateAsync(Path.Combine(Factory.DataDirectory, "copy"), CancellationToken.None));

        Assert.That(again!.Message, Does.Contain("already exists"));
        Assert.That(inside!.Message, Does.Contain("overlaps the data directory"));
        Assert.That(Directory.Exists(Path.Combine(Factory.DataDirectory, "copy")), Is.False);
    }

    [Test]
    public async Task The_backup_command_copies_the_data_directory_and_says_where_and_how_much()
    {
        await Given.MediaAsync(TestImages.Jpeg(33, 21));
        var target = Path.Combine(backups, "command-" + Guid.NewGuid().ToString("N"));
        var command = MaintenanceCommand.Parse(["backup", target, "--urls", "http://127.0.0.1:0"])!;
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await command.RunAsync(Factory.Services, output, errors, CancellationToken.None);

        Assert.That(exit, Is.Zero, errors.ToString());
        Assert.That(command.HostArgs, Is.EqualTo(new[] { "--urls", "http://127.0.0.1:0" }));
        Assert.That(output.ToString(), Does.Contain($"Backed up to {target}").And.Contain("media files"));
        Assert.That(File.Exists(Path.Combine(target, "cms.db")), Is.True);
        Assert.That(Directory.EnumerateFiles(Path.Combine(target, "media"), "*", SearchOption.AllDirectories), Is.Not.Empty);
    }

    [Test]
    public async Task A_backup_into_a_directory_holding_a_database_exits_2_and_says_why()
    {
        var target = Path.Combine(backups, "taken-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "cms.db"), "not mine to overwrite");
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await MaintenanceCommand.Parse(["backup", target])!.RunAsync(Factory.Services, output, errors, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(errors.ToString(), Does.Contain("already exists"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(target, "cms.db")), Is.EqualTo("not mine to overwrite"));
    }

    [Test]
    public async Task Backups_are_for_admins_only()
    {
        var (_, secret) = await Admin.KeyAsync("editor");
        using var editor = ClientWithKey(secret);

        await (await editor.PostAsync(ApiRoutes.For(CreateBackupEndpoint.Route), null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await Anonymous.PostAsync(ApiRoutes.For(CreateBackupEndpoint.Route), null)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class MaintenanceCommandLineTests
{
    [Test]
    public void Without_a_command_the_app_serves_and_options_pass_to_the_host()
    {
        Assert.That(MaintenanceCommand.Parse([]), Is.Null);
        Assert.That(MaintenanceCommand.Parse(["--urls", "http://127.0.0.1:5000"]), Is.Null);
    }

    [Test]
    public void Integrity_takes_the_options_after_it()
    {
        var command = MaintenanceCommand.Parse(["integrity", "--Cms:DataDirectory=/srv/cms"])!;

        Assert.That(command.Name, Is.EqualTo("integrity"));
        Assert.That(command.HostArgs, Is.EqualTo(new[] { "--Cms:DataDirectory=/srv/cms" }));
    }

    [Test]
    public async Task An_unknown_command_or_a_backup_without_a_directory_prints_the_usage_and_exits_2()
    {
        foreach (var args in new[] { new[] { "restore" }, new[] { "backup" }, new[] { "backup", "--urls" } })
        {
            using var output = new StringWriter();
            using var errors = new StringWriter();
            var exit = await MaintenanceCommand.Parse(args)!.RunAsync(new ServiceCollection().BuildServiceProvider(), output, errors, CancellationToken.None);

            Assert.That(exit, Is.EqualTo(2), string.Join(' ', args));
            Assert.That(errors.ToString(), Does.Contain("backup <directory>").And.Contain("integrity"));
        }
    }
}
