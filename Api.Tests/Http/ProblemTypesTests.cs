using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Authors;
using Cms.Api.Features.Media;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;
using Cms.Api.Tests.Reliability;

namespace Cms.Api.Tests.Http;

/// <summary>A client tells one refusal from another by the problem's <c>type</c>, not by its English: each kind of
/// refusal has one type, sent with one status, listed in the contract and the README. The kinds only a broken server
/// can show (500, 503, 507) and the rate limit are asserted where those are provoked (ServerErrorTests,
/// ReadinessTests, StorageFailureTests, RateLimitTests).</summary>
public sealed class ProblemTypesTests : ApiFixture
{
    static readonly string Stations = ApiRoutes.For(ListStationsRequest.Route);

    [Test]
    public async Task A_value_that_breaks_a_rule_is_validation_failed_naming_the_field()
    {
        var res = await Admin.PostJsonAsync(Stations, new { slug = "Not A Slug!", name = "松原站" });

        var problem = await res.ExpectProblemAsync(ProblemTypes.ValidationFailed);
        Assert.That(problem.ErrorsFor("slug"), Is.Not.Empty);
    }

    [Test]
    public async Task A_query_value_that_does_not_parse_is_validation_failed()
    {
        var res = await Anonymous.GetAsync($"{Stations}?limit=twenty");

        await res.ExpectProblemAsync(ProblemTypes.ValidationFailed);
    }

    [TestCase("""{"slug": "songyuan", "name": """, TestName = "JSON that does not parse is a malformed request")]
    [TestCase("[]", TestName = "A JSON array instead of an object is a malformed request")]
    [TestCase("""{"slug": "abc", "name": "x", "id": 1}""", TestName = "A member the request does not have is a malformed request")]
    [TestCase("", TestName = "An empty body where one is needed is a malformed request")]
    public async Task Bodies_that_cannot_be_read_are_malformed_requests(string body)
    {
        var res = await Admin.PostRawAsync(Stations, body);

        await res.ExpectProblemAsync(ProblemTypes.MalformedRequest);
    }

    [Test]
    public async Task A_merge_patch_that_is_not_JSON_is_a_malformed_request()
    {
        var station = await Given.StationAsync();

        var res = await Admin.MergePatchRawAsync(ApiRoutes.For(GetStationRequest.Route, station.Id()), "{name:", ifMatch: "*");

        await res.ExpectProblemAsync(ProblemTypes.MalformedRequest);
    }

    [Test]
    public async Task A_write_without_a_key_is_unauthenticated()
    {
        var res = await Anonymous.PostJsonAsync(Stations, new { slug = Given.UniqueSlug("s"), name = "松原站" });

        await res.ExpectProblemAsync(ProblemTypes.Unauthenticated);
    }

    [Test]
    public async Task A_role_too_low_for_the_operation_is_forbidden()
    {
        var (contributor, _) = await NewKeyClientAsync("contributor");

        var res = await contributor.PostJsonAsync(Stations, new { slug = Given.UniqueSlug("s"), name = "松原站" });

        await res.ExpectProblemAsync(ProblemTypes.Forbidden);
    }

    [TestCase("/api/v1/stations/987654321", TestName = "A missing resource is not found")]
    [TestCase("/api/v1/nothing-here", TestName = "A path the API does not serve is not found")]
    public async Task Nothing_there_is_not_found(string url)
    {
        var res = await Anonymous.GetAsync(url);

        await res.ExpectProblemAsync(ProblemTypes.NotFound);
    }

    [Test]
    public async Task A_method_the_path_does_not_take_is_method_not_allowed()
    {
        var res = await Admin.PatchAsync(Stations, new StringContent("{}", Encoding.UTF8, "application/json"));

        await res.ExpectProblemAsync(ProblemTypes.MethodNotAllowed);
    }

    [Test]
    public async Task A_slug_another_station_has_is_a_duplicate_naming_the_field()
    {
        var station = await Given.StationAsync();

        var res = await Admin.PostJsonAsync(Stations, new { slug = (string)station["slug"]!, name = "另一个站" });

        var problem = await res.ExpectProblemAsync(ProblemTypes.Duplicate);
        Assert.That(problem.ErrorsFor("slug"), Is.Not.Empty);
    }

    [Test]
    public async Task An_imported_article_id_that_exists_is_a_duplicate()
    {
        var article = await Given.ArticleAsync();

        var body = ArticleApi.Body(await Given.SectionAsync());
        body["id"] = article.Id();

        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), body);

        await res.ExpectProblemAsync(ProblemTypes.Duplicate);
    }

    [Test]
    public async Task Deleting_a_station_that_has_channels_is_in_use()
    {
        var (stationId, _) = await Given.SectionAsync();

        var res = await Admin.RequestAsync(HttpMethod.Delete, ApiRoutes.For(GetStationRequest.Route, stationId), ifMatch: "*");

        await res.ExpectProblemAsync(ProblemTypes.InUse);
    }

    [Test]
    public async Task Deleting_a_medium_an_author_uses_is_in_use()
    {
        var medium = await Given.MediaAsync();
        await Given.AuthorAsync(avatarMediaId: medium.Id());

        var res = await Admin.RequestAsync(HttpMethod.Delete, ApiRoutes.For(GetMediaRequest.Route, medium.Id()), ifMatch: "*");

        await res.ExpectProblemAsync(ProblemTypes.InUse);
    }

    [Test]
    public async Task Unpublishing_a_draft_is_a_state_conflict()
    {
        var draft = await Given.ArticleAsync(status: "draft");

        var res = await Admin.PostEmptyAsync(ApiRoutes.For(UnpublishArticleEndpoint.Route, draft.Id()));

        await res.ExpectProblemAsync(ProblemTypes.StateConflict);
    }

    [Test]
    public async Task Changing_an_article_in_the_trash_is_a_state_conflict()
    {
        var article = await Given.ArticleAsync();
        Assert.That((await Admin.RequestAsync(HttpMethod.Delete, article.Url(), ifMatch: "*")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var res = await Admin.PostEmptyAsync(ApiRoutes.For(ArchiveArticleEndpoint.Route, article.Id()));

        await res.ExpectProblemAsync(ProblemTypes.StateConflict);
    }

    [Test]
    public async Task A_write_with_a_stale_ETag_is_a_version_mismatch()
    {
        var station = await Given.StationAsync();

        var res = await Admin.MergePatchAsync(ApiRoutes.For(GetStationRequest.Route, station.Id()), new { name = "白城站" }, "\"v999-0\"");

        await res.ExpectProblemAsync(ProblemTypes.VersionMismatch);
    }

    [Test]
    public async Task A_write_without_If_Match_is_precondition_required()
    {
        var station = await Given.StationAsync();
        using var strict = StrictClientWithKey(CmsFactory.AdminKey);

        var res = await strict.MergePatchAsync(ApiRoutes.For(GetStationRequest.Route, station.Id()), new { name = "白城站" });

        await res.ExpectProblemAsync(ProblemTypes.PreconditionRequired);
    }

    [Test]
    public async Task A_JSON_body_over_the_limit_is_body_too_large()
    {
        var body = $$"""{"slug": "big", "name": "{{new string('x', 9 * 1024 * 1024)}}"}""";

        var res = await Admin.PostRawAsync(Stations, body);

        await res.ExpectProblemAsync(ProblemTypes.BodyTooLarge);
    }

    [Test]
    public async Task A_body_of_another_content_type_is_an_unsupported_media_type()
    {
        var res = await Admin.PostRawAsync(Stations, "slug=abc&name=x", "text/plain");

        await res.ExpectProblemAsync(ProblemTypes.UnsupportedMediaType);
    }

    [Test]
    public async Task An_upload_that_is_not_an_image_is_an_unsupported_media_type()
    {
        var res = await Given.UploadAsync("共青团长岭县委"u8.ToArray(), "notes.jpg");

        await res.ExpectProblemAsync(ProblemTypes.UnsupportedMediaType);
    }

    [Test]
    public async Task A_range_beyond_the_file_is_range_not_satisfiable()
    {
        var medium = await Given.MediaAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.For(GetMediaContentRequest.Route, medium.Id()));
        request.Headers.Range = new RangeHeaderValue(50_000_000, null);

        var res = await Anonymous.SendAsync(request);

        await res.ExpectProblemAsync(ProblemTypes.RangeNotSatisfiable);
    }

    [Test]
    public async Task A_byline_naming_an_author_that_does_not_exist_is_a_missing_reference()
    {
        var body = ArticleApi.Body(await Given.SectionAsync());
        body["bylines"] = new[] { new { authorId = 987654321, role = "correspondent" } };

        var res = await Admin.PostJsonAsync(ApiRoutes.For(CreateArticleRequest.Route), body);

        await res.ExpectProblemAsync(ProblemTypes.MissingReference);
    }

    [Test]
    public async Task A_truncated_image_is_unprocessable()
    {
        var jpeg = TestImages.Jpeg(640, 480);

        var res = await Given.UploadAsync(jpeg[..(jpeg.Length / 3)], "cut-off.jpg");

        await res.ExpectProblemAsync(ProblemTypes.UnprocessableImage);
    }

    [Test]
    public void Each_type_is_one_URN_with_one_status_and_a_title_and_description()
    {
        Assert.That(ProblemTypes.All.Select(t => t.Uri), Is.Unique);
        foreach (var type in ProblemTypes.All)
        {
            Assert.That(type.Uri, Does.Match("^urn:cms:problem:[a-z]+(-[a-z]+)*$"), type.Uri);
            Assert.That(type.Status, Is.InRange(400, 599), type.Uri);
            Assert.That(type.Title, Is.Not.Empty, type.Uri);
            Assert.That(type.Description, Has.Length.GreaterThan(40), type.Uri);
        }
    }

    [Test]
    public async Task The_contract_lists_every_type_as_the_enum_of_a_problems_type_and_describes_each()
    {
        var doc = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;

        var type = doc["components"]!["schemas"]!["ProblemDocument"]!["properties"]!["type"]!;

        var listed = type["enum"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.That(listed, Is.EquivalentTo(ProblemTypes.All.Select(t => t.Uri).Append(ProblemTypes.Blank)));
        foreach (var t in ProblemTypes.All) { Assert.That((string?)type["description"], Does.Contain($"`{t.Uri}` ({t.Status})")); }
    }

    [Test]
    public async Task The_README_lists_every_type_with_its_status()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "README.md"));

        var section = readme[readme.IndexOf("### Problem types", StringComparison.Ordinal)..];

        foreach (var t in ProblemTypes.All)
        {
            Assert.That(section, Does.Match($@"\|\s*`{Regex.Escape(t.Uri)}`\s*\|\s*{t.Status}\s*\|"), $"{t.Uri} has a row in README's table");
        }
    }

    [Test]
    public void Every_type_is_provoked_by_a_test_that_asserts_it()
    {
        var tests = Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "Api.Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText);
        var asserted = string.Concat(tests);

        foreach (var field in typeof(ProblemTypes).GetFields().Where(f => f.FieldType == typeof(ProblemType)))
        {
            Assert.That(asserted, Does.Match($@"ExpectProblemAsync\(ProblemTypes\.{field.Name}\)|Is\.EqualTo\(ProblemTypes\.{field.Name}\.Uri\)"),
                $"no test provokes {field.Name} and asserts it");
        }
    }

    static string RepositoryRoot => Path.GetDirectoryName(ContractOperations.CommittedPath())!;
}
