using Cms.Api.Infrastructure.Protection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>Headers every answer of an operation may carry, declared once under components/headers and referenced from
/// each response: the rate limit's RateLimit-* (not on the unlimited /health probes) and CORS's
/// Access-Control-Allow-Origin.</summary>
public static class ResponseHeaderDocs
{
    const string AllowOrigin = "Access-Control-Allow-Origin";

    static readonly (string Name, string Description, string? Minimum, string? Maximum)[] RateLimit =
    [
        (RateLimitHeaders.Limit, "Requests this window allows: Cms:RateLimits:KeyPerMinute with a key, AnonymousPerMinute without one. Absent when rate limits are off.", "1", null),
        (RateLimitHeaders.Remaining, "Requests left in this window, this one counted. Absent when rate limits are off.", "0", null),
        (RateLimitHeaders.Reset, "Seconds until this window ends and the full limit is available again. Absent when rate limits are off.", "1", "60"),
    ];

    public static void Apply(OpenApiOperation operation, OperationFilterContext context, bool rateLimited)
    {
        if (operation.Responses is null) { return; }
        var components = context.Document.Components ??= new OpenApiComponents();
        components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        foreach (var (name, description, minimum, maximum) in RateLimit)
        {
            components.Headers[name] = new OpenApiHeader
            {
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = minimum, Maximum = maximum },
            };
        }
        components.Headers[AllowOrigin] = new OpenApiHeader
        {
            Description = "* on reads (Cms:Cors:PublicReads); on writes, the request's Origin when Cms:Cors:AllowedOrigins lists it. Absent otherwise.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2048, Pattern = @"^(\*|https?://[^/]+)$" },
        };

        // Declared where a client acts on them: on successes and refusals (2xx, 4xx), and CORS's wherever an answer
        // declares headers. Server errors carry them too, but no client paces itself by a 500; leaving them out keeps
        // the document a tenth smaller (Swagger UI reads all of it on load).
        foreach (var (status, response) in operation.Responses.Select(r => (r.Key, r.Value as OpenApiResponse)))
        {
            if (response is null) { continue; }
            var paced = rateLimited && status[0] is '2' or '4';
            if (!paced && response.Headers is not { Count: > 0 }) { continue; }
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (paced)
            {
                foreach (var (name, _, _, _) in RateLimit) { response.Headers[name] = new OpenApiHeaderReference(name, context.Document); }
            }
            response.Headers[AllowOrigin] = new OpenApiHeaderReference(AllowOrigin, context.Document);
        }
    }
}
