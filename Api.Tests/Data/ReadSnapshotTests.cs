using Cms.Api.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cms.Api.Tests.Data;

/// <summary>A request's reads share one snapshot: a write committed between two of them is seen by neither or by both,
/// never by the second alone (the torn read of #12: a title of version N with the tags of version N + 1).
/// bench/faults/torn.sh checks the same end to end under load.</summary>
public sealed class ReadSnapshotTests
{
    string directory = null!;
    Db db = null!;

    [SetUp]
    public void CreateDatabase()
    {
        directory = Path.Combine(Path.GetTempPath(), "cms-tests", "snapshot-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var location = new DbLocation(directory);
        new Migrator(location, NullLogger<Migrator>.Instance).Apply();
        db = new Db(location, TimeProvider.System);
        db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO app_settings (key, value) VALUES ('probe', 'v1')", transaction: tx), CancellationToken.None)
            .GetAwaiter().GetResult();
    }

    [TearDown]
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    Task<string> ProbeAsync() =>
        db.ReadAsync(c => c.ExecuteScalarAsync<string>("SELECT value FROM app_settings WHERE key = 'probe'")!, CancellationToken.None)!;

    Task<int> WriteProbeAsync(string value) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE app_settings SET value = @value WHERE key = 'probe'", new { value }, tx), CancellationToken.None);

    [Test]
    public async Task Reads_in_one_snapshot_do_not_see_a_write_committed_between_them()
    {
        await using (db.BeginReadSnapshot())
        {
            var first = await ProbeAsync();
            await WriteProbeAsync("v2");
            var second = await ProbeAsync();

            Assert.That((first, second), Is.EqualTo(("v1", "v1")));
        }

        Assert.That(await ProbeAsync(), Is.EqualTo("v2"), "a read after the snapshot ended sees the write");
    }

    [Test]
    public async Task A_snapshot_starts_at_its_first_read_so_a_write_before_it_is_seen()
    {
        await using var snapshot = db.BeginReadSnapshot();
        await WriteProbeAsync("v2");

        Assert.That(await ProbeAsync(), Is.EqualTo("v2"));
    }

    [Test]
    public async Task Reads_without_a_snapshot_each_see_the_latest_commit()
    {
        var first = await ProbeAsync();
        await WriteProbeAsync("v2");

        Assert.That((first, await ProbeAsync()), Is.EqualTo(("v1", "v2")));
    }

    [Test]
    public async Task Concurrent_reads_of_one_request_take_turns_on_its_connection()
    {
        await using var snapshot = db.BeginReadSnapshot();

        var values = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(ProbeAsync)));

        Assert.That(values, Is.All.EqualTo("v1"));
    }
}
