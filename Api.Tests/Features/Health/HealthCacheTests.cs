using System.Net;
using Cms.Api.Features.Health;
using Cms.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Tests.Features.Health;

/// <summary>Issue #13 row 13: a load balancer polling /health and /health/ready hard costs at most one database
/// commit (with its fsync) a second.</summary>
public sealed class HealthCacheTests : ApiFixture
{
    protected override bool MovesClock => true;

    [Test]
    public async Task Many_checks_within_a_second_write_to_the_database_once()
    {
        Clock.Advance(TimeSpan.FromSeconds(5));
        await (await Anonymous.GetAsync(GetHealthEndpoint.Route)).ExpectJsonAsync(HttpStatusCode.OK);
        var written = LastCheck();

        for (var i = 0; i < 9; i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(100));
            await (await Anonymous.GetAsync(i % 2 == 0 ? GetReadinessEndpoint.Route : GetHealthEndpoint.Route)).ExpectJsonAsync(HttpStatusCode.OK);
        }
        Assert.That(LastCheck(), Is.EqualTo(written), "no write within the second");

        Clock.Advance(TimeSpan.FromMilliseconds(100));
        await (await Anonymous.GetAsync(GetReadinessEndpoint.Route)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(LastCheck(), Is.Not.EqualTo(written), "a second later the check writes again");
    }

    string? LastCheck()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Factory.DataDirectory, "cms.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT checked_at FROM health_checks WHERE id = 1";
        return command.ExecuteScalar() as string;
    }
}
