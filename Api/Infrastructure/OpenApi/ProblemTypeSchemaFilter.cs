using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>Lists the problem types in the contract: the <c>type</c> of a problem document is one of
/// <see cref="ProblemTypes.All"/> (or about:blank), each described, so that generated clients can switch on it.</summary>
public sealed class ProblemTypeSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(ProblemDocument) || schema.Properties is null
            || !schema.Properties.TryGetValue("type", out var property) || property is not OpenApiSchema type) { return; }
        type.Enum = [.. ProblemTypes.All.Select(t => (JsonNode)JsonValue.Create(t.Uri)), JsonValue.Create(ProblemTypes.Blank)];
        type.Description = "Which kind of refusal this is; switch on it rather than on title or detail. Each type is always sent with " +
                           "the same status:\n\n" +
                           string.Concat(ProblemTypes.All.Select(t => $"- `{t.Uri}` ({t.Status}): {t.Description}\n")) +
                           $"- `{ProblemTypes.Blank}`: a status this API never raises itself (such as a 408 from the server); it means no more than the status.";
    }
}
