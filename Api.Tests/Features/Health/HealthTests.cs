using System.Net;
using Cms.Api.Features.Health;
using Cms.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Tests.Features.Health;

public sealed class HealthTests : ApiFixture
{
    [Test]
    public async Task Health_is_200_when_the_database_can_be_read_and_written()
    {
        var res = await Anonymous.GetAsync(GetHealthEndpoint.Route);

        var body = await res.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)body["status"], Is.EqualTo("ok"));
        Assert.That(res.Headers.CacheControl?.NoStore, Is.True);
    }
}

public sealed class HealthWithoutDatabaseTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    protected override bool MovesClock => true;

    [Test]
    public async Task Health_is_503_when_the_database_is_gone()
    {
        await (await Anonymous.GetAsync(GetHealthEndpoint.Route)).ExpectJsonAsync(HttpStatusCode.OK);
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Factory.DataDirectory, "cms.db*")) { File.Delete(file); }
        Clock.Advance(ReadinessProbe.CacheFor);

        var res = await Anonymous.GetAsync(GetHealthEndpoint.Route);

        await res.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
    }
}
