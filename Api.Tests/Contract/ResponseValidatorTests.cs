using System.Text;

namespace Cms.Api.Tests.Contract;

/// <summary>The validator that every response of the suite goes through finds what breaks a contract, so that a suite
/// without violations means something.</summary>
public sealed class ResponseValidatorTests
{
    const string Yaml = """
        openapi: 3.1.1
        info:
          title: Things
          version: v1
        paths:
          /api/v1/things/{id}:
            get:
              operationId: GetThing
              responses:
                '200':
                  description: OK
                  headers:
                    ETag:
                      required: true
                      schema:
                        type: string
                    Last-Modified:
                      schema:
                        type: string
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Thing'
                '304':
                  description: Not Modified
                '404':
                  description: Not Found
                  content:
                    application/problem+json:
                      schema:
                        $ref: '#/components/schemas/ProblemDocument'
                '5XX':
                  description: Server error
                  content:
                    application/problem+json:
                      schema:
                        $ref: '#/components/schemas/ProblemDocument'
            delete:
              operationId: DeleteThing
              responses:
                '204':
                  description: No Content
                default:
                  description: Refused
                  content:
                    application/problem+json:
                      schema:
                        $ref: '#/components/schemas/ProblemDocument'
          /api/v1/things/{id}.{format}:
            get:
              operationId: GetThingAsFeed
              responses:
                '200':
                  description: OK
                  content:
                    application/feed+json:
                      schema:
                        type: object
          /api/v1/things/newest:
            get:
              operationId: GetNewestThing
              responses:
                '200':
                  description: OK
                  content:
                    image/*:
                      schema:
                        type: string
                        format: binary
        components:
          schemas:
            Thing:
              required:
                - id
                - name
                - cover
              type: object
              properties:
                id:
                  type: integer
                  format: int64
                name:
                  type: string
                cover:
                  type:
                    - 'null'
                    - object
                  properties:
                    url:
                      type: string
                changedAt:
                  type: string
                  format: date-time
              additionalProperties: false
            ProblemDocument:
              required:
                - status
                - title
              type: object
              properties:
                title:
                  type: string
                status:
                  type: integer
              additionalProperties: true
        """;

    const string ValidThing = """{"id": 7, "name": "共青团", "cover": null, "changedAt": "2026-12-03T10:00:00Z"}""";

    static readonly ResponseValidator Validator = new(OpenApiContract.Parse(Yaml));

    static ResponseCheck Check(string method, string path, int status, string? type, string? body, params string[] headers) =>
        Validator.Check(new ObservedResponse(method, path, status, type, headers, body is null ? null : Encoding.UTF8.GetBytes(body)));

    static ResponseCheck GetThing(string body, params string[] headers) =>
        Check("GET", "/api/v1/things/7", 200, "application/json", body, headers.Length == 0 ? ["ETag"] : headers);

    [Test]
    public void A_response_as_documented_passes_and_is_counted_under_its_operation_and_status()
    {
        var check = GetThing(ValidThing);

        Assert.That(check.Violations, Is.Empty);
        Assert.That(check.Operation?.Key, Is.EqualTo("GET /api/v1/things/{id}"));
        Assert.That(check.StatusKey, Is.EqualTo("200"));
    }

    [Test]
    public void An_undocumented_status_fails_naming_the_operation_and_the_status()
    {
        var check = Check("GET", "/api/v1/things/7", 415, "application/problem+json", """{"status": 415, "title": "Unsupported"}""");

        Assert.That(check.Violations.Single().Kind, Is.EqualTo(ViolationKinds.Status));
        Assert.That(check.Violations.Single().ToString(), Does.Contain("GET /api/v1/things/{id} answered 415").And.Contain("200, 304, 404, 5XX"));
    }

    [Test]
    public void A_status_covered_by_a_range_or_by_default_is_documented()
    {
        var problem = """{"status": 503, "title": "Unavailable"}""";

        Assert.That(Check("GET", "/api/v1/things/7", 503, "application/problem+json", problem).StatusKey, Is.EqualTo("5XX"));
        Assert.That(Check("DELETE", "/api/v1/things/7", 409, "application/problem+json", problem), Has.Property("StatusKey").EqualTo("default")
            .And.Property("Violations").Empty);
    }

    [Test]
    public void A_member_of_the_wrong_type_fails_with_its_json_path_and_what_the_schema_wanted()
    {
        var message = GetThing("""{"id": "7", "name": "x", "cover": null}""").Violations.Single();

        Assert.That(message.Kind, Is.EqualTo(ViolationKinds.Body));
        Assert.That(message.Message, Does.Contain("at $.id:").And.Contain("integer").And.Contain("/components/schemas/Thing/properties/id"));
    }

    [Test]
    public void A_missing_required_member_fails()
    {
        var message = GetThing("""{"id": 7, "cover": null}""").Violations.Single().Message;

        Assert.That(message, Does.Contain("at $:").And.Contain("name").And.Contain("required"));
    }

    [Test]
    public void An_extra_member_fails_where_additional_properties_are_false()
    {
        var message = GetThing("""{"id": 7, "name": "x", "cover": null, "secret": 1}""").Violations.Single().Message;

        Assert.That(message, Does.Contain("at $.secret:").And.Contain("additionalProperties"));
    }

    [Test]
    public void A_null_where_the_schema_does_not_allow_null_fails()
    {
        var message = GetThing("""{"id": 7, "name": null, "cover": null}""").Violations.Single().Message;

        Assert.That(message, Does.Contain("at $.name:").And.Contain("null").And.Contain("string"));
    }

    [Test]
    public void A_malformed_date_time_fails()
    {
        var message = GetThing("""{"id": 7, "name": "x", "cover": null, "changedAt": "yesterday"}""").Violations.Single().Message;

        Assert.That(message, Does.Contain("at $.changedAt:").And.Contain("format"));
    }

    [Test]
    public void A_body_that_is_not_json_fails()
    {
        Assert.That(GetThing("{\"id\": 7,").Violations.Single().Message, Does.Contain("not JSON"));
    }

    [Test]
    public void A_missing_required_header_fails_and_an_optional_one_may_be_absent()
    {
        var check = GetThing(ValidThing, "Content-Type");

        Assert.That(check.Violations.Single().Kind, Is.EqualTo(ViolationKinds.Header));
        Assert.That(check.Violations.Single().Message, Does.Contain("ETag"));
    }

    [Test]
    public void A_content_type_the_status_does_not_declare_fails()
    {
        var check = Check("GET", "/api/v1/things/7", 404, "text/html", "<h1>Not found</h1>");

        Assert.That(check.Violations.Single().Kind, Is.EqualTo(ViolationKinds.ContentType));
        Assert.That(check.Violations.Single().Message, Does.Contain("text/html").And.Contain("application/problem+json"));
    }

    [Test]
    public void A_body_on_a_status_that_declares_none_fails_and_an_empty_one_passes()
    {
        Assert.That(Check("GET", "/api/v1/things/7", 304, "application/json", ValidThing, "ETag").Violations.Single().Kind,
            Is.EqualTo(ViolationKinds.ContentType));
        Assert.That(Check("GET", "/api/v1/things/7", 304, null, null).Violations, Is.Empty);
    }

    [Test]
    public void A_head_is_checked_as_the_get_without_a_body()
    {
        var check = Check("HEAD", "/api/v1/things/7", 200, "application/json", null, "ETag");

        Assert.That(check.Operation?.Key, Is.EqualTo("GET /api/v1/things/{id}"));
        Assert.That(check.Violations, Is.Empty);
    }

    [Test]
    public void A_literal_segment_wins_over_a_parameter_and_a_media_range_covers_its_types()
    {
        var check = Check("GET", "/api/v1/things/newest", 200, "image/webp", null);

        Assert.That(check.Operation?.Key, Is.EqualTo("GET /api/v1/things/newest"));
        Assert.That(check.Violations, Is.Empty);
    }

    [Test]
    public void A_segment_with_parameters_and_text_matches_its_template_and_a_json_type_is_checked()
    {
        var check = Check("GET", "/api/v1/things/7.json", 200, "application/feed+json", "[]");

        Assert.That(check.Operation?.Key, Is.EqualTo("GET /api/v1/things/{id}.{format}"));
        Assert.That(check.Violations.Single().Message, Does.Contain("at $:").And.Contain("object"));
    }

    [Test]
    public void A_path_under_a_proxy_prefix_is_matched_to_its_operation()
    {
        Assert.That(Check("GET", "/cms/api/v1/things/7", 200, "application/json", ValidThing, "ETag").Operation?.Key,
            Is.EqualTo("GET /api/v1/things/{id}"));
    }

    [Test]
    public void Outside_the_contract_an_error_must_be_a_problem_document_and_nothing_else_is_checked()
    {
        Assert.That(Check("GET", "/api/v1/nothing", 404, "text/plain", "Not Found").Violations.Single().Kind, Is.EqualTo(ViolationKinds.Problem));
        Assert.That(Check("GET", "/api/v1/nothing", 404, "application/problem+json", """{"title": "Not found"}""").Violations.Single().Message,
            Does.Contain("status"));
        Assert.That(Check("GET", "/api/v1/nothing", 404, "application/problem+json", """{"status": 404, "title": "Not found"}""").Violations,
            Is.Empty);
        Assert.That(Check("GET", "/swagger/index.html", 200, "text/html", null).Violations, Is.Empty);
    }

    [Test]
    public void The_committed_contract_reads_and_every_documented_json_schema_builds()
    {
        var contract = ContractValidation.Validator.Contract;

        Assert.That(contract.Operations, Has.Count.GreaterThan(40));
        var schemas = contract.Operations.SelectMany(o => o.Responses.SelectMany(r => r.Value.Content
            .Where(c => c.Value is not null && ResponseValidator.IsJson(c.Key))
            .Select(c => (Name: $"{o.Key} {r.Key} {c.Key}", Pointer: c.Value!)))).ToList();
        using var empty = System.Text.Json.JsonDocument.Parse("{}");

        Assert.That(schemas, Is.Not.Empty);
        foreach (var (name, pointer) in schemas)
        {
            Assert.DoesNotThrow(() => contract.Check(pointer, empty.RootElement), name);
        }
    }
}
