using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Health;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Faults;

public sealed class ReadinessTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    [Test]
    public async Task A_server_that_can_write_is_ready_live_and_healthy()
    {
        var ready = await (await Anonymous.GetAsync(GetReadinessEndpoint.Route)).ExpectJsonAsync(HttpStatusCode.OK);
        var live = await (await Anonymous.GetAsync(GetLivenessEndpoint.Route)).ExpectJsonAsync(HttpStatusCode.OK);
        var health = await (await Anonymous.GetAsync(GetHealthEndpoint.Route)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.That(ready.ToJsonString(), Is.EqualTo("""{"status":"ready","database":"ok","media":"ok"}"""));
        Assert.That((string?)live["status"], Is.EqualTo("alive"));
        Assert.That((string?)health["status"], Is.EqualTo("ok"));
        Assert.That(Directory.EnumerateFiles(Path.Combine(Factory.DataDirectory, "media"), ".tmp-*"), Is.Empty, "the probe cleans up after itself");
    }
}

/// <summary>The media folder cannot be written (here it is replaced by a file): readiness and the overall check say so
/// and name it, liveness stays up, and reads go on.</summary>
public sealed class UnwritableMediaReadinessTests : ApiFixture
{
    protected override bool NeedsDatabaseOfItsOwn => true;

    [OneTimeSetUp]
    public async Task BreakTheMediaFolder()
    {
        await Given.ArticleAsync();
        var media = Path.Combine(Factory.DataDirectory, "media");
        Directory.Delete(media, recursive: true);
        await File.WriteAllTextAsync(media, "a file where the media folder should be");
    }

    [Test]
    public async Task Readiness_is_503_naming_the_media_folder_while_the_database_is_fine()
    {
        var problem = await (await Anonymous.GetAsync(GetReadinessEndpoint.Route)).ExpectProblemAsync(ProblemTypes.Unavailable);

        Assert.That((string?)problem["detail"], Does.Contain("media folder cannot be written"));
        Assert.That(problem.ErrorsFor("media"), Has.Some.Contains("media folder cannot be written"));
        Assert.That(problem.ErrorsFor("database"), Is.EqualTo(new[] { "ok" }));
    }

    [Test]
    public async Task The_overall_check_fails_but_liveness_and_reads_go_on()
    {
        await (await Anonymous.GetAsync(GetHealthEndpoint.Route)).ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        await (await Anonymous.GetAsync(GetLivenessEndpoint.Route)).ExpectJsonAsync(HttpStatusCode.OK);
        var articles = await (await Anonymous.GetAsync(ApiRoutes.For(ListArticlesRequest.Route))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That(articles["items"]!.AsArray(), Is.Not.Empty);
    }
}
