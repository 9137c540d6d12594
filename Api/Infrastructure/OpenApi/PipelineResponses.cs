using FastEndpoints;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>Marks a read whose endpoint sets Last-Modified, so it also answers If-Modified-Since.</summary>
public sealed class SendsLastModified;

/// <summary>Marks a read that answers byte ranges (Range, If-Range; 206 with Content-Range, 416 past the end).</summary>
public sealed class ServesByteRanges;

/// <summary>Declares the headers and statuses the pipeline adds to an operation: <see cref="HttpCaching"/> gives every
/// GET 200 an ETag and answers If-None-Match with 304; writes of a versioned resource carry its ETag; creates say where
/// the new resource is; If-Match is read where 412/428 can follow; a body can be too large (413) or of the wrong type
/// (415); a route value that names nothing is 404; a query or a body can be refused (400).</summary>
public static class PipelineResponses
{
    public static void Apply(OpenApiOperation operation, OperationFilterContext context, string verb, EndpointDefinition def)
    {
        var responses = operation.Responses ??= [];
        var parameters = operation.Parameters ??= [];
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var lastModified = metadata.OfType<SendsLastModified>().Any();

        if (verb == "GET")
        {
            parameters.Add(Header("If-None-Match", "ETags of representations you hold; if one is still current the answer is 304 without a body."));
            if (lastModified)
            {
                parameters.Add(Header("If-Modified-Since", "Answered 304 when the resource has not changed since (ignored when If-None-Match is sent).",
                    new OpenApiSchema { Type = JsonSchemaType.String }));
            }
            responses["304"] = new OpenApiResponse
            {
                Description = "Not Modified: the representation named by If-None-Match (or If-Modified-Since) is still current.",
                Headers = new Dictionary<string, IOpenApiHeader> { ["ETag"] = ETag("The current representation's ETag.") },
            };
        }

        if (metadata.OfType<ServesByteRanges>().Any()) { DeclareByteRanges(operation); }

        var has428 = responses.ContainsKey("428");
        if (has428 || responses.ContainsKey("412"))
        {
            var param = Header("If-Match", has428
                ? "The ETag from your GET of it (or * to overwrite whatever is there). Required: without it the answer is 428."
                : "Optional: the ETag from your GET; when sent, a change made meanwhile is refused with 412.");
            param.Required = has428;
            parameters.Add(param);
            EnsureProblem(responses, context, "400", "If-Match is neither * nor a list of quoted ETags: send the ETag exactly as received.");
        }

        if (operation.RequestBody is { Content.Count: > 0 } && verb != "GET")
        {
            EnsureProblem(responses, context, "400", "The body is not valid JSON of the documented shape, or a value is refused.");
            EnsureProblem(responses, context, "413", "The body is larger than the server accepts (Cms:MaxJsonBytes for JSON, Cms:MaxUploadBytes for uploads).");
            EnsureProblem(responses, context, "415", "The body's Content-Type is missing or not the one documented, or its charset is not UTF-8.");
        }
        if (parameters.Any(p => p.In == ParameterLocation.Query))
        {
            EnsureProblem(responses, context, "400", "A query value is refused: see the problem's errors.");
        }
        if (parameters.Any(p => p.In == ParameterLocation.Path))
        {
            EnsureProblem(responses, context, "404", "Nothing exists at this path, or it is not visible to this caller.");
        }

        foreach (var (status, response) in responses.Where(r => r.Key is "200" or "201" or "206").ToList())
        {
            if (response is not OpenApiResponse declared) { continue; }
            declared.Headers ??= new Dictionary<string, IOpenApiHeader>();
            var schema = declared.Content?.Values.Select(m => m.Schema).OfType<OpenApiSchemaReference>().Select(r => Target(r, context)).FirstOrDefault();
            if (verb == "GET")
            {
                declared.Headers["ETag"] = ETag("Identifies these exact bytes (a versioned resource's tag starts with v<version>); send it in If-None-Match, and in If-Match to change the resource.");
                if (lastModified) { declared.Headers["Last-Modified"] = Optional("When the resource last changed (HTTP date); sent once that second is over, since two changes within one second would share it.", JsonSchemaType.String); }
            }
            else if (schema?.Properties?.ContainsKey("version") == true)
            {
                declared.Headers["ETag"] = ETag("The resource's new version, \"v<version>\": send it in If-Match with the next change.");
            }
            if (status == "201" && schema?.Properties?.ContainsKey("id") == true)
            {
                declared.Headers["Location"] = Required("Where to read the new resource.", JsonSchemaType.String, "uri-reference");
            }
        }
        if (responses.TryGetValue("503", out var unavailable) && unavailable is OpenApiResponse busy)
        {
            busy.Headers ??= new Dictionary<string, IOpenApiHeader>();
            busy.Headers["Retry-After"] = ProblemResponses.RetryAfter(required: false);
        }
    }

    static void DeclareByteRanges(OpenApiOperation operation)
    {
        operation.Parameters!.Add(Header("Range", "One byte range, such as bytes=0-1023 or bytes=-500; answered 206 with those bytes, or 416 when it starts past the end."));
        operation.Parameters.Add(Header("If-Range", "An ETag or date the client holds: the range is sent only if it is still current, else the whole content (200)."));
        var accepts = new OpenApiHeader { Description = "bytes: ranges of this content may be asked for.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        foreach (var (status, response) in operation.Responses!.Where(r => r.Key is "200" or "206" or "416"))
        {
            if (response is not OpenApiResponse declared) { continue; }
            declared.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (status != "416") { declared.Headers["Accept-Ranges"] = accepts; }
            if (status == "206") { declared.Headers["Content-Range"] = Required("The bytes sent and the whole length, such as bytes 0-1023/48213.", JsonSchemaType.String); }
            if (status == "416")
            {
                declared.Headers["Content-Range"] = new OpenApiHeader
                {
                    Description = "The whole length, such as bytes */48213.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }
    }

    static OpenApiSchema? Target(OpenApiSchemaReference reference, OperationFilterContext context) =>
        context.SchemaRepository.Schemas.GetValueOrDefault(reference.Reference.Id!) as OpenApiSchema;

    static OpenApiParameter Header(string name, string description, OpenApiSchema? schema = null) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = schema ?? new OpenApiSchema { Type = JsonSchemaType.String },
    };

    static OpenApiHeader ETag(string description) => Required(description, JsonSchemaType.String);

    static OpenApiHeader Required(string description, JsonSchemaType type, string? format = null) => new()
    {
        Description = description,
        Required = true,
        Schema = new OpenApiSchema { Type = type, Format = format },
    };

    static OpenApiHeader Optional(string description, JsonSchemaType type) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = type },
    };

    static void EnsureProblem(OpenApiResponses responses, OperationFilterContext context, string status, string description) =>
        responses.TryAdd(status, ProblemResponses.Document(context, description));
}
