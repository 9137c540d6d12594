using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.OpenApi;

/// <summary>Rules the contract keeps for every operation and schema, so that generated clients work unedited.</summary>
public sealed partial class ContractRulesTests : ApiFixture
{
    static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];

    JsonNode doc = null!;

    [OneTimeSetUp]
    public async Task ReadDocument() => doc = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;

    [Test]
    public void Every_member_the_server_writes_as_null_is_nullable_and_every_member_it_leaves_out_is_optional()
    {
        var checkedMembers = 0;
        foreach (var (id, schema, type) in SchemasWithTheirTypes())
        {
            var required = schema["required"]?.AsArray().Select(n => (string)n!).ToHashSet() ?? [];
            foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType != typeof(Microsoft.AspNetCore.Http.IFormFile)))
            {
                var name = prop.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicyCamel(prop.Name);
                if (schema["properties"]?[name] is not { } member) { continue; }
                checkedMembers++;
                if (prop.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition == JsonIgnoreCondition.WhenWritingNull)
                {
                    Assert.That(required, Does.Not.Contain(name), $"{id}.{name} is left out when null, so it cannot be required");
                    Assert.That(AllowsNull(member), Is.False, $"{id}.{name} is never written as null");
                }
                else if (IsNullable(prop))
                {
                    Assert.That(AllowsNull(member), Is.True, $"{id}.{name} can be null");
                }
            }
        }
        Assert.That(checkedMembers, Is.GreaterThan(200));
    }

    [Test]
    public void The_cover_of_an_article_may_be_null()
    {
        foreach (var id in new[] { "ArticleResponse", "ArticleCardResponse", "ArticleListItem" })
        {
            Assert.That(AllowsNull(Schema(id)["properties"]!["cover"]!), Is.True, id);
        }
    }

    [Test]
    public void Response_only_schemas_require_every_member_the_server_always_writes()
    {
        var article = Schema("ArticleResponse");
        var required = article["required"]!.AsArray().Select(n => (string)n!).ToList();

        Assert.That(required, Is.EquivalentTo(article["properties"]!.AsObject().Select(p => p.Key)));
        var page = Schema("ArticleListItemPage")["required"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.That(page, Is.EquivalentTo(new[] { "items", "nextCursor" }), "total is written only with count=true");
    }

    [Test]
    public void Every_PATCH_takes_a_merge_patch_schema_of_its_own_with_nothing_required()
    {
        var patches = Operations("patch").ToList();

        Assert.That(patches, Has.Count.GreaterThanOrEqualTo(5));
        foreach (var (name, _, op) in patches)
        {
            var content = op["requestBody"]!["content"]!.AsObject();
            Assert.That(content.Select(c => c.Key), Is.EqualTo(new[] { "application/merge-patch+json" }), name);
            var schemaId = Ref(content["application/merge-patch+json"]!["schema"]!);
            Assert.That(schemaId, Does.EndWith("Patch"), name);
            var schema = Schema(schemaId);
            Assert.That(schema["required"], Is.Null, $"{name}: a merge patch names only what changes");
            var put = doc["paths"]![name.Split(' ')[1]]!["put"]!;
            var replace = Schema(Ref(put["requestBody"]!["content"]!["application/json"]!["schema"]!));
            var replaceRequired = replace["required"]?.AsArray().Select(n => (string)n!).ToHashSet() ?? [];
            Assert.That(schema["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(replace["properties"]!.AsObject().Select(p => p.Key)), name);
            foreach (var (member, memberSchema) in schema["properties"]!.AsObject())
            {
                // null removes the member; that clears an optional one and is refused (400) for a required one.
                Assert.That(AllowsNull(memberSchema!), Is.EqualTo(!replaceRequired.Contains(member)), $"{name} {member}");
            }
        }
    }

    [Test]
    public void No_request_body_repeats_a_path_value_and_none_accepts_any_media_type()
    {
        foreach (var (name, path, op) in Operations())
        {
            if (op["requestBody"]?["content"]?.AsObject() is not { } content) { continue; }
            Assert.That(content.Select(c => c.Key), Does.Not.Contain("*/*"), name);
            foreach (var (_, media) in content)
            {
                var properties = Schema(Ref(media!["schema"]!))["properties"]!.AsObject().Select(p => p.Key).ToList();
                foreach (var routeValue in PathParameters(path))
                {
                    Assert.That(properties, Does.Not.Contain(routeValue), $"{name} repeats {routeValue} in its body");
                }
            }
        }
    }

    [Test]
    public void Lifecycle_actions_declare_no_body_and_publish_an_optional_JSON_body_with_publishAt_only()
    {
        foreach (var route in new[] { ArchiveArticleEndpoint.Route, UnpublishArticleEndpoint.Route, RestoreArticleEndpoint.Route, RestoreRevisionEndpoint.Route })
        {
            Assert.That(doc["paths"]![ApiRoutes.Template(route)]!["post"]!["requestBody"], Is.Null, route);
        }
        var publish = doc["paths"]![ApiRoutes.Template(PublishArticleRequest.Route)]!["post"]!["requestBody"]!;
        Assert.That((bool?)publish["required"] ?? false, Is.False);
        var content = publish["content"]!.AsObject();
        Assert.That(content.Select(c => c.Key), Is.EqualTo(new[] { "application/json" }));
        Assert.That(Schema(Ref(content["application/json"]!["schema"]!))["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "publishAt" }));
    }

    [Test]
    public async Task Lifecycle_actions_work_with_no_body_and_no_content_type()
    {
        var (article, _, _) = await Given.DraftAsync();
        var id = article.Id();

        await Expect(HttpStatusCode.OK, await Admin.PostEmptyAsync(ApiRoutes.For(PublishArticleRequest.Route, id)), "publish");
        await Expect(HttpStatusCode.OK, await Admin.PostEmptyAsync(ApiRoutes.For(UnpublishArticleEndpoint.Route, id)), "unpublish");
        await Expect(HttpStatusCode.OK, await Admin.PostEmptyAsync(ApiRoutes.For(ArchiveArticleEndpoint.Route, id)), "archive");
        var (_, etag) = await Admin.ReadAsync(article.Url());
        await Expect(HttpStatusCode.NoContent, await Admin.RequestAsync(HttpMethod.Delete, article.Url(), etag), "trash");
        await Expect(HttpStatusCode.OK, await Admin.PostEmptyAsync(ApiRoutes.For(RestoreArticleEndpoint.Route, id)), "restore");
        await Expect(HttpStatusCode.OK, await Admin.PostEmptyAsync(ApiRoutes.For(RestoreRevisionEndpoint.Route, id, 1)), "restore revision 1");
    }

    [Test]
    public void Media_content_declares_its_byte_ranges_so_a_client_can_resume_a_download()
    {
        var content = doc["paths"]![ApiRoutes.Template(GetMediaContentRequest.Route)]!["get"]!;
        var headers = content["parameters"]!.AsArray().Where(p => (string?)p!["in"] == "header").Select(p => (string)p!["name"]!);

        Assert.That(headers, Is.SupersetOf(new[] { "Range", "If-Range" }));
        Assert.That((bool?)content["responses"]!["206"]!["headers"]!["Content-Range"]!["required"], Is.True);
        Assert.That(content["responses"]!["200"]!["headers"]!["Accept-Ranges"], Is.Not.Null);
        Assert.That(content["responses"]!["416"]!["headers"]!["Content-Range"], Is.Not.Null);
    }

    [Test]
    public void Closed_sets_of_values_are_enums_with_the_exact_wire_strings()
    {
        var listArticles = doc["paths"]![ApiRoutes.Template(ListArticlesRequest.Route)]!["get"]!;
        Assert.That(Enum(QueryParameter(listArticles, "sort")), Is.EqualTo(ListArticlesRequest.Sorts.Keys));
        var content = doc["paths"]![ApiRoutes.Template(GetMediaContentRequest.Route)]!["get"]!;
        Assert.That(Enum(QueryParameter(content, "fit")), Is.EqualTo(new[] { "contain", "cover" }));
        Assert.That(Enum(QueryParameter(content, "format")), Is.EquivalentTo(new[] { "auto", "webp", "avif", "jpeg", "png" }));

        var shown = new[] { "draft", "scheduled", "published", "archived", "trashed" };
        foreach (var id in new[] { "ArticleResponse", "ArticleCardResponse", "ArticleListItem" })
        {
            Assert.That(Enum(Schema(id)["properties"]!["status"]!), Is.EqualTo(shown), id);
        }
        var roles = new[] { "contributor", "author", "editor", "admin" };
        Assert.That(Enum(Schema("KeyResponse")["properties"]!["role"]!), Is.EqualTo(roles));
        Assert.That(Enum(Schema("CreateKeyRequest")["properties"]!["role"]!), Is.EqualTo(roles));
        Assert.That(Enum(Schema("BylineResponse")["properties"]!["role"]!), Is.EqualTo(new[] { "reporter", "correspondent", "photographer", "editor", "writer" }));

        var action = new Regex((string)Schema("RevisionSummary")["properties"]!["action"]!["pattern"]!);
        foreach (var sent in new[] { "create", "update", "publish", "unpublish", "archive", "trash", "restore", "restore-revision-12", "rename-tag", "remove-tag" })
        {
            Assert.That(action.IsMatch(sent), Is.True, sent);
        }
        Assert.That(action.IsMatch("restore-revision-"), Is.False);
        Assert.That(action.IsMatch("Publish"), Is.False);
    }

    [Test]
    public void Every_GET_declares_If_None_Match_a_304_and_the_ETag_of_its_200()
    {
        foreach (var (name, _, op) in Operations("get"))
        {
            Assert.That(HeaderParameters(op), Does.Contain("If-None-Match"), name);
            Assert.That(op["responses"]!["304"]?["headers"]?["ETag"], Is.Not.Null, name);
            Assert.That((bool?)op["responses"]!["200"]!["headers"]?["ETag"]?["required"], Is.True, name);
        }
        var article = doc["paths"]![ApiRoutes.Template(GetArticleRequest.Route)]!["get"]!;
        Assert.That(HeaderParameters(article), Does.Contain("If-Modified-Since"));
        Assert.That(article["responses"]!["200"]!["headers"]!["Last-Modified"], Is.Not.Null);
    }

    [Test]
    public void Every_conditional_write_declares_If_Match_required_exactly_where_428_can_follow()
    {
        var conditional = 0;
        foreach (var (name, _, op) in Operations().Where(o => !o.Name.StartsWith("get ", StringComparison.Ordinal)))
        {
            var responses = op["responses"]!.AsObject();
            var ifMatch = op["parameters"]?.AsArray().FirstOrDefault(p => (string?)p!["in"] == "header" && (string?)p!["name"] == "If-Match");
            if (!responses.ContainsKey("412")) { Assert.That(ifMatch, Is.Null, name); continue; }
            conditional++;
            Assert.That(ifMatch, Is.Not.Null, name);
            Assert.That((bool?)ifMatch!["required"] ?? false, Is.EqualTo(responses.ContainsKey("428")), name);
        }
        Assert.That(conditional, Is.GreaterThanOrEqualTo(20));
        var patch = doc["paths"]![ApiRoutes.Template(UpdateArticleRequest.Route)]!["patch"]!;
        Assert.That(HeaderParameters(patch), Does.Contain("If-Match"));
    }

    [Test]
    public void Writes_that_return_a_versioned_resource_declare_its_ETag_and_creates_their_Location()
    {
        foreach (var (name, _, op) in Operations().Where(o => !o.Name.StartsWith("get ", StringComparison.Ordinal)))
        {
            foreach (var status in new[] { "200", "201" })
            {
                if (op["responses"]![status]?["content"]?["application/json"]?["schema"] is not { } schema) { continue; }
                var properties = Schema(Ref(schema))["properties"]!.AsObject();
                if (properties.ContainsKey("version")) { Assert.That(op["responses"]![status]!["headers"]?["ETag"], Is.Not.Null, $"{name} {status}"); }
                if (status == "201" && properties.ContainsKey("id"))
                {
                    Assert.That((bool?)op["responses"]![status]!["headers"]?["Location"]?["required"], Is.True, $"{name} {status}");
                }
            }
        }
    }

    [Test]
    public void Every_429_and_every_503_of_a_write_declares_Retry_After()
    {
        foreach (var (name, _, op) in Operations())
        {
            foreach (var (status, response) in op["responses"]!.AsObject())
            {
                if (status == "429" || (status == "503" && !name.StartsWith("get", StringComparison.Ordinal)))
                {
                    Assert.That(response!["headers"]?["Retry-After"], Is.Not.Null, $"{name} {status}");
                }
                if (status == "429") { Assert.That((bool?)response!["headers"]!["Retry-After"]!["required"], Is.True, $"{name}: every 429 carries it"); }
            }
        }
    }

    [Test]
    public void Every_operation_declares_the_refusals_of_the_pipeline()
    {
        foreach (var (name, path, op) in Operations())
        {
            var statuses = op["responses"]!.AsObject().Select(r => r.Key).ToList();
            if (op["requestBody"] is not null) { Assert.That(statuses, Is.SupersetOf(new[] { "400", "413", "415" }), name); }
            if (PathParameters(path).Any()) { Assert.That(statuses, Does.Contain("404"), name); }
            if (op["parameters"]?.AsArray().Any(p => (string?)p!["in"] == "query") == true) { Assert.That(statuses, Does.Contain("400"), name); }
        }
    }

    [Test]
    public void Every_limit_is_bounded_as_its_validator_bounds_it()
    {
        var limits = Operations().Select(o => QueryParameterOrNull(o.Op, "limit")).OfType<JsonNode>().ToList();

        Assert.That(limits, Has.Count.GreaterThanOrEqualTo(5));
        foreach (var limit in limits)
        {
            Assert.That((int?)limit["schema"]!["minimum"], Is.EqualTo(1));
            Assert.That((int?)limit["schema"]!["maximum"], Is.Not.Null.And.GreaterThanOrEqualTo(100));
        }
        var listArticles = doc["paths"]![ApiRoutes.Template(ListArticlesRequest.Route)]!["get"]!;
        Assert.That((int?)QueryParameter(listArticles, "limit")["maximum"], Is.EqualTo(Cms.Api.Infrastructure.PageQuery.MaxLimit));
    }

    static async Task Expect(HttpStatusCode expected, HttpResponseMessage res, string what) =>
        Assert.That(res.StatusCode, Is.EqualTo(expected), $"{what}: {await res.Content.ReadAsStringAsync()}");

    IEnumerable<(string Name, string Path, JsonNode Op)> Operations(string? verb = null) =>
        doc["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(v => Verbs.Contains(v.Key) && (verb is null || v.Key == verb))
            .Select(v => ($"{v.Key} {path.Key}", path.Key, v.Value!)));

    JsonNode Schema(string id) => doc["components"]!["schemas"]![id] ?? throw new AssertionException($"no schema {id}");

    static string Ref(JsonNode schema) => ((string)schema["$ref"]!).Split('/').Last();

    static List<string> HeaderParameters(JsonNode op) =>
        op["parameters"]?.AsArray().Where(p => (string?)p!["in"] == "header").Select(p => (string)p!["name"]!).ToList() ?? [];

    static JsonNode? QueryParameterOrNull(JsonNode op, string name) =>
        op["parameters"]?.AsArray().FirstOrDefault(p => (string?)p!["in"] == "query" && (string?)p!["name"] == name);

    static JsonNode QueryParameter(JsonNode op, string name) => QueryParameterOrNull(op, name)?["schema"] ?? throw new AssertionException($"no query parameter {name}");

    static List<string?> Enum(JsonNode schema) => schema["enum"]?.AsArray().Select(v => (string?)v).Where(v => v is not null).ToList()
        ?? throw new AssertionException($"no enum in {schema.ToJsonString()}");

    static IEnumerable<string> PathParameters(string path) => PathParameter().Matches(path).Select(m => m.Groups[1].Value);

    static bool AllowsNull(JsonNode schema) =>
        schema["type"] is JsonArray types ? types.Any(t => (string?)t == "null")
        : (string?)schema["type"] == "null" || (schema["oneOf"]?.AsArray().Any(s => AllowsNull(s!)) ?? false);

    static readonly NullabilityInfoContext Nullability = new();

    static bool IsNullable(PropertyInfo prop) => Nullable.GetUnderlyingType(prop.PropertyType) is not null
        || (!prop.PropertyType.IsValueType && Nullability.Create(prop).ReadState == NullabilityState.Nullable);

    static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary>The component schemas named after a type the API serializes with its JSON options (generic pages aside; the
    /// JSON Feed has options of its own, checked against a served feed).</summary>
    IEnumerable<(string Id, JsonNode Schema, Type Type)> SchemasWithTheirTypes()
    {
        var types = typeof(Program).Assembly.GetTypes().Where(t => !t.IsGenericType && t.Namespace != typeof(Cms.Api.Features.Feeds.FeedWriter).Namespace).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First());
        foreach (var (id, schema) in doc["components"]!["schemas"]!.AsObject())
        {
            if (types.TryGetValue(id, out var type) && schema!["properties"] is not null) { yield return (id, schema, type); }
        }
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathParameter();
}

public sealed class ContractDocumentationTests : ApiFixture
{
    [Test]
    public async Task Every_operation_and_every_tag_is_described_and_the_document_names_its_license_and_contact()
    {
        var doc = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;

        var operations = doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => ($"{o.Key} {p.Key}", o.Value!))).ToList();
        foreach (var (name, op) in operations)
        {
            Assert.That((string?)op["description"], Is.Not.Null.And.Not.Empty, name);
        }
        var tags = doc["tags"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (string?)t!["description"]);
        var used = operations.SelectMany(o => o.Item2["tags"]!.AsArray().Select(t => (string)t!)).Distinct();
        Assert.That(tags.Keys, Is.EquivalentTo(used));
        Assert.That(tags.Values, Has.All.Not.Null.And.Not.Empty);
        Assert.That((string?)doc["info"]!["license"]?["name"], Is.Not.Null.And.Not.Empty);
        Assert.That(doc["info"]!["contact"], Is.Not.Null);
    }

    [Test]
    public async Task Feeds_declare_their_media_types_and_the_JSON_Feed_its_schema_which_the_served_feed_meets()
    {
        var doc = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;
        var feeds = doc["paths"]!.AsObject().Where(p => p.Value!["get"]?["tags"]?.AsArray().Any(t => (string?)t == "Feeds") == true).ToList();

        Assert.That(feeds, Has.Count.EqualTo(8), "four feeds, each at its {format} URL and at its .json URL");
        foreach (var (path, item) in feeds)
        {
            // A generated client types an answer by its first media type: the .json operation has only the JSON Feed.
            var content = item!["get"]!["responses"]!["200"]!["content"]!.AsObject();
            var expected = path.EndsWith(".json", StringComparison.Ordinal)
                ? new[] { "application/feed+json" }
                : ["application/rss+xml", "application/atom+xml", "application/feed+json"];
            Assert.That(content.Select(c => c.Key), Is.EqualTo(expected), path);
            Assert.That((string?)content["application/feed+json"]!["schema"]!["$ref"], Is.EqualTo("#/components/schemas/JsonFeed"), path);
        }
        var schema = doc["components"]!["schemas"]!["JsonFeed"]!;
        var served = JsonNode.Parse(await Anonymous.GetStringAsync(ApiRoutes.For(Cms.Api.Features.Feeds.PortalFeedRequest.Route, "json")))!.AsObject();
        Assert.That(served.Select(m => m.Key), Is.SupersetOf(schema["required"]!.AsArray().Select(n => (string)n!)));
        Assert.That(served.Select(m => m.Key), Is.SubsetOf(schema["properties"]!.AsObject().Select(p => p.Key)));
        Assert.That((string?)served["version"], Is.EqualTo((string?)schema["properties"]!["version"]!["const"]));
    }
}
