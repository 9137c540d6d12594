using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cms.Api.Infrastructure.OpenApi;

public static class ProblemResponses
{
    /// <summary>Declares error responses as problem documents in the contract.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ProblemDocument>(status, Problems.ContentType);
        }
        return builder;
    }

    /// <summary>A response that is a problem document, as the operation filters declare one.</summary>
    public static OpenApiResponse Document(OperationFilterContext context, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>
        {
            [Problems.ContentType] = new OpenApiMediaType
            {
                Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDocument), context.SchemaRepository),
            },
        },
    };

    /// <summary>The Retry-After of a 429 (always sent) or a 503 (sent when waiting helps).</summary>
    public static OpenApiHeader RetryAfter(bool required) => new()
    {
        Description = "Seconds to wait before retrying.",
        Required = required,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
    };
}
