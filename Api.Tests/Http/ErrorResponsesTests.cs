using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Http;

/// <summary>Whatever goes wrong, a client gets an RFC 9457 problem document that says what and where, and nothing is saved.</summary>
public sealed class ErrorResponsesTests : ApiFixture
{
    [Test]
    public async Task Malformed_JSON_is_a_400_that_points_at_the_body()
    {
        var res = await Admin.PostRawAsync(ApiRoutes.For(CreateStationRequest.Route), """{"slug": "songyuan", "name": """);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("body"), Has.Some.Contains("not valid JSON"));
    }

    [Test]
    public async Task An_empty_body_is_a_400_that_says_so()
    {
        var res = await Admin.PostRawAsync(ApiRoutes.For(CreateStationRequest.Route), "");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("body"), Has.Some.Contains("empty"));
    }

    [Test]
    public async Task A_JSON_array_instead_of_an_object_is_a_400()
    {
        var res = await Admin.PostRawAsync(ApiRoutes.For(CreateStationRequest.Route), "[]");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("body"), Has.Some.Contains("JSON object"));
    }

    [TestCase("id")]
    [TestCase("createdAt")]
    [TestCase("updatedAt")]
    [TestCase("channels")]
    public async Task Properties_a_client_cannot_set_are_refused_by_name(string property)
    {
        var slug = Given.UniqueSlug("unknown");
        var body = $$"""{"slug": "{{slug}}", "name": "松原站", "{{property}}": 1}""";

        var res = await Admin.PostRawAsync(ApiRoutes.For(CreateStationRequest.Route), body);

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(property), Is.Not.Empty, problem.ToJsonString());
        var all = await (await Admin.GetAsync($"{ApiRoutes.For(ListStationsRequest.Route)}?limit=100")).JsonAsync();
        Assert.That(all.ToJsonString(), Does.Not.Contain(slug));
    }

    [Test]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_the_field()
    {
        var res = await Admin.PostRawAsync(ApiRoutes.For(CreateStationRequest.Route), """{"slug": "abc", "name": "x", "sortOrder": "first"}""");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("sortOrder"), Is.Not.Empty);
    }

    [Test]
    public async Task Deeply_nested_JSON_is_refused_with_a_400()
    {
        var body = """{"slug": "abc", "name": "x", "tags": """ + new string('[', 200) + new string(']', 200) + "}";

        var res = await Admin.PostRawAsync(ApiRoutes.For(CreateStationRequest.Route), body);

        await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_body_that_is_not_JSON_is_415_with_a_hint()
    {
        var res = await Admin.PostRawAsync(ApiRoutes.For(CreateStationRequest.Route), "slug=abc&name=x", "text/plain");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.That((string?)problem["detail"], Does.Contain("application/json"));
    }

    [Test]
    public async Task An_unknown_path_is_a_404_problem()
    {
        var res = await Anonymous.GetAsync("/api/v1/nothing-here");

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_non_numeric_id_is_a_404_problem()
    {
        var res = await Anonymous.GetAsync("/api/v1/stations/songyuan");

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task An_unsupported_method_is_a_405_problem()
    {
        var res = await Admin.PatchAsync(ApiRoutes.For(ListStationsRequest.Route), new StringContent("{}", Encoding.UTF8, "application/json"));

        await res.ExpectProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Test]
    public async Task A_write_without_a_key_is_401_with_a_bearer_challenge()
    {
        var res = await Anonymous.PostJsonAsync(ApiRoutes.For(CreateAuthorRequest.Route), new { slug = Given.UniqueSlug("a"), name = "李雪" });

        var problem = await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(res.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Bearer"));
        Assert.That((string?)problem["detail"], Does.Contain("Authorization: Bearer"));
    }

    [TestCase("Bearer cms_not-a-key")]
    [TestCase("Basic dXNlcjpwYXNz")]
    [TestCase("Bearer")]
    public async Task A_key_that_does_not_work_is_401_even_on_a_public_read(string header)
    {
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

        var res = await client.GetAsync(ApiRoutes.For(ListStationsRequest.Route));

        await res.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Problems_carry_a_trace_id_and_the_request_path()
    {
        var res = await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, 987654321));

        var problem = await res.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That((string?)problem["traceId"], Is.Not.Null.And.Not.Empty);
        Assert.That((string?)problem["instance"], Is.EqualTo("/api/v1/stations/987654321"));
        Assert.That((string?)problem["detail"], Does.Contain("987654321"));
    }

    [Test]
    public async Task A_value_that_does_not_parse_in_the_query_is_a_400_naming_the_parameter()
    {
        var res = await Anonymous.GetAsync($"{ApiRoutes.For(ListStationsRequest.Route)}?limit=twenty");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("limit"), Has.Some.Contains("whole number"));
    }

    [Test]
    public async Task Responses_are_UTF8_JSON_in_camelCase()
    {
        var station = await Given.StationAsync(name: "松原站");

        var res = await Anonymous.GetAsync(ApiRoutes.For(GetStationRequest.Route, station["id"]!));

        Assert.That(res.Content.Headers.ContentType, Is.EqualTo(MediaTypeHeaderValue.Parse("application/json; charset=utf-8")));
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(text, Does.Contain("\"sortOrder\"").And.Contain("松原站"));
    }
}
