using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;
using Cms.Api.Tests.Reliability;

namespace Cms.Api.Tests.OpenApi;

public sealed class OpenApiContractTests : ApiFixture
{
    static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];

    [Test]
    public async Task The_committed_openapi_yaml_matches_what_the_code_generates()
    {
        var committedPath = ContractOperations.CommittedPath();

        var generated = (await Anonymous.GetStringAsync("/swagger/v1/swagger.yaml")).ReplaceLineEndings("\n");

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(committedPath, generated);
        }
        var committed = File.Exists(committedPath) ? (await File.ReadAllTextAsync(committedPath)).ReplaceLineEndings("\n") : "";
        Assert.That(committed, Is.EqualTo(generated),
            "openapi.yaml is out of date with the code. Regenerate it with: UPDATE_OPENAPI=1 dotnet test --filter OpenApiContractTests, then commit it.");
    }

    [Test]
    public async Task The_document_is_OpenAPI_3_1_with_the_bearer_scheme()
    {
        var doc = await Document();

        Assert.That((string?)doc["openapi"], Does.StartWith("3.1"));
        Assert.That((string?)doc["components"]!["securitySchemes"]!["Bearer"]!["scheme"], Is.EqualTo("bearer"));
    }

    [Test]
    public async Task Every_operation_has_a_summary_a_tag_and_an_id()
    {
        var operations = Operations(await Document()).ToList();

        Assert.That(operations, Has.Count.GreaterThanOrEqualTo(27));
        foreach (var (name, op) in operations)
        {
            Assert.That((string?)op["summary"], Is.Not.Null.And.Not.Empty, name);
            Assert.That(op["tags"]?.AsArray(), Is.Not.Null.And.Not.Empty, name);
            Assert.That((string?)op["operationId"], Is.Not.Null.And.Not.Empty, name);
        }
    }

    [Test]
    public async Task Reads_and_deletes_have_no_request_body_and_declare_their_route_parameters()
    {
        foreach (var (name, op) in Operations(await Document()))
        {
            var verb = name.Split(' ')[0];
            if (verb is "get" or "delete") { Assert.That(op["requestBody"], Is.Null, name); }
            var declared = op["parameters"]?.AsArray().Where(p => (string?)p!["in"] == "path").Select(p => (string)p!["name"]!).ToList() ?? [];
            var inTemplate = System.Text.RegularExpressions.Regex.Matches(name, @"\{(\w+)\}").Select(m => m.Groups[1].Value).ToList();
            Assert.That(declared, Is.EquivalentTo(inTemplate), name);
        }
    }

    [Test]
    public async Task List_operations_document_their_query_parameters()
    {
        var doc = await Document();

        var list = doc["paths"]![ApiRoutes.Template(ListArticlesRequest.Route)]!["get"]!;

        var names = list["parameters"]!.AsArray().Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!).ToList();
        Assert.That(names, Is.SupersetOf(new[] { "limit", "cursor", "station", "channel", "author", "tag" }));
    }

    [Test]
    public async Task Every_write_needs_the_bearer_key_and_documents_401_as_a_problem()
    {
        foreach (var (name, op) in Operations(await Document()).Where(o => !o.Name.StartsWith("get", StringComparison.Ordinal)))
        {
            Assert.That(op["security"]?.AsArray(), Is.Not.Null.And.Not.Empty, name);
            Assert.That(op["responses"]!["401"]?["content"]?["application/problem+json"], Is.Not.Null, name);
        }
    }

    [Test]
    public async Task Public_reads_take_an_optional_key_and_document_the_401_for_a_bad_one()
    {
        var doc = await Document();

        var get = doc["paths"]![ApiRoutes.Template(GetArticleRequest.Route)]!["get"]!;

        var security = get["security"]!.AsArray();
        Assert.That(security.Any(r => r!.AsObject().Count == 0), Is.True, "an empty requirement makes the key optional");
        Assert.That(security.Any(r => r!.AsObject().ContainsKey("Bearer")), Is.True);
        Assert.That(get["responses"]!["401"]?["content"]?["application/problem+json"], Is.Not.Null);
    }

    [Test]
    public async Task Every_error_response_is_a_problem_document()
    {
        foreach (var (name, op) in Operations(await Document()))
        {
            foreach (var (status, response) in op["responses"]!.AsObject())
            {
                if (status.StartsWith('4') || status.StartsWith('5'))
                {
                    var schema = response!["content"]?["application/problem+json"]?["schema"]?["$ref"];
                    Assert.That((string?)schema, Is.EqualTo("#/components/schemas/ProblemDocument"), $"{name} {status}");
                }
            }
        }
    }

    [Test]
    public async Task Uploads_are_documented_as_multipart_with_a_binary_file()
    {
        var doc = await Document();

        var body = doc["paths"]![ApiRoutes.Template(UploadMediaRequest.Route)]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!;

        var schemaName = ((string)body["schema"]!["$ref"]!).Split('/').Last();
        var file = doc["components"]!["schemas"]![schemaName]!["properties"]!["file"]!;
        Assert.That((string?)file["format"], Is.EqualTo("binary"));
        Assert.That(doc["components"]!["schemas"]![schemaName]!["required"]!.AsArray().Select(n => (string?)n), Does.Contain("file"));
    }

    [Test]
    public async Task Swagger_UI_is_served()
    {
        var res = await Anonymous.GetAsync("/swagger/index.html");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("swagger"));
    }

    [Test]
    public async Task Every_path_of_the_contract_is_written_once_as_a_route_constant_in_the_code()
    {
        var paths = (await Document())["paths"]!.AsObject().Select(p => p.Key).ToList();
        var constants = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { Name: "Route", IsLiteral: true })
            .Select(f => (Type: f.DeclaringType!.Name, Route: (string)f.GetRawConstantValue()!))
            .ToList();
        var templates = constants.Select(c => ApiRoutes.Template(c.Route)).Concat(constants.Select(c => ApiRoutes.Template(c.Route)[ApiRoutes.Prefix.Length..]))
            .ToHashSet();

        Assert.That(paths.Where(p => !templates.Contains(p)), Is.Empty, "paths without a route constant");
        Assert.That(constants.Where(c => !paths.Contains(ApiRoutes.Template(c.Route)) && !paths.Contains(ApiRoutes.Template(c.Route)[ApiRoutes.Prefix.Length..])),
            Is.Empty, "route constants the contract does not have");
    }

    async Task<JsonNode> Document() => JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;

    static IEnumerable<(string Name, JsonNode Op)> Operations(JsonNode doc) =>
        doc["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(v => Verbs.Contains(v.Key))
            .Select(v => ($"{v.Key} {path.Key}", v.Value!)));
}

public sealed class SwaggerSwitchTests : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cms:Swagger:Enabled"] = "false" };

    [Test]
    public async Task Swagger_can_be_turned_off_by_configuration()
    {
        var res = await Anonymous.GetAsync("/swagger/v1/swagger.json");

        await res.ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
