using System.Net;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Health;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Tests.Http;

/// <summary>When the server itself fails, a client learns that, and the trace id to quote, and nothing about the
/// code, the database or the machine. The database file is swapped for a folder under the running API.</summary>
public abstract class ServerErrorTests : ApiFixture
{
    static readonly string[] Internals = ["   at ", "Exception", "Sqlite", "SQLite", "Cms.Api", "Microsoft.", "System.", "unable to open", ".cs:line", "cms.db"];

    [OneTimeSetUp]
    public async Task BreakTheDatabase()
    {
        await (await Anonymous.GetAsync(GetHealthEndpoint.Route)).ExpectJsonAsync(HttpStatusCode.OK);
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Factory.DataDirectory, "cms.db*")) { File.Delete(file); }
        Directory.CreateDirectory(Path.Combine(Factory.DataDirectory, "cms.db"));
    }

    [Test]
    public async Task A_read_that_fails_is_a_500_problem_with_a_trace_id_and_no_internals()
    {
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetArticleRequest.Route, 3808167));

        await ExpectBareServerErrorAsync(res);
    }

    [Test]
    public async Task A_write_that_fails_is_a_500_problem_with_a_trace_id_and_no_internals()
    {
        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateStationRequest.Route), new { slug = Given.UniqueSlug("broken"), name = "松原站" });

        await ExpectBareServerErrorAsync(res);
    }

    async Task ExpectBareServerErrorAsync(HttpResponseMessage res)
    {
        var problem = await res.ExpectProblemAsync(ProblemTypes.ServerError);
        var text = problem.ToJsonString();
        Assert.That((string?)problem["traceId"], Is.Not.Null.And.Not.Empty);
        Assert.That(text, Does.Not.Contain(Factory.DataDirectory));
        foreach (var internals in Internals) { Assert.That(text, Does.Not.Contain(internals)); }
        Assert.That(problem.AsObject().Select(p => p.Key), Is.SubsetOf(new[] { "type", "title", "status", "detail", "instance", "traceId" }));
        SecurityHeadersTests.AssertSecurityHeaders(res, SecurityHeadersTests.ApiPolicy);
    }
}

public sealed class ServerErrorInProductionTests : ServerErrorTests
{
    protected override void ConfigureHost(IWebHostBuilder builder) => builder.UseEnvironment("Production");
}

/// <summary>In Development ASP.NET adds its developer exception page, which shows stack traces; the API's own
/// handler answers first.</summary>
public sealed class ServerErrorInDevelopmentTests : ServerErrorTests
{
    protected override void ConfigureHost(IWebHostBuilder builder) => builder.UseEnvironment("Development");
}
