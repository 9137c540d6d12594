using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>Makes the document stable and tidy: paths in order, the operations of a path in the order the OpenAPI
/// specification lists its fields (not in the order endpoint files happen to compile), and no schemas that nothing references (the request
/// DTOs of GET and DELETE endpoints, whose values travel in the route and query).</summary>
public sealed partial class TidyDocumentFilter : IDocumentFilter
{
    static readonly HttpMethod[] MethodOrder =
        [HttpMethod.Get, HttpMethod.Put, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Head, HttpMethod.Patch, HttpMethod.Trace];

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var paths = swaggerDoc.Paths.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        swaggerDoc.Paths.Clear();
        foreach (var (path, item) in paths) { swaggerDoc.Paths.Add(path, item); }
        foreach (var item in swaggerDoc.Paths.Values.OfType<OpenApiPathItem>()) { SortOperations(item); }

        var schemas = swaggerDoc.Components?.Schemas;
        if (schemas is null) { return; }

        var reachable = new HashSet<string>();
        var pending = new Queue<string>(References(swaggerDoc.Paths));
        while (pending.TryDequeue(out var id))
        {
            if (!reachable.Add(id) || !schemas.TryGetValue(id, out var schema)) { continue; }
            foreach (var next in References(schema)) { pending.Enqueue(next); }
        }
        foreach (var unused in schemas.Keys.Where(k => !reachable.Contains(k)).ToList()) { schemas.Remove(unused); }

        var sorted = schemas.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        schemas.Clear();
        foreach (var (id, schema) in sorted) { schemas.Add(id, schema); }
    }

    static void SortOperations(OpenApiPathItem item)
    {
        if (item.Operations is not { Count: > 1 } operations) { return; }
        var sorted = operations.OrderBy(o => Array.IndexOf(MethodOrder, o.Key)).ToList();
        operations.Clear();
        foreach (var (method, operation) in sorted) { operations.Add(method, operation); }
    }

    static List<string> References(IOpenApiSerializable element)
    {
        using var text = new StringWriter();
        element.SerializeAsV31(new OpenApiJsonWriter(text));
        return SchemaReference().Matches(text.ToString()).Select(m => m.Groups[1].Value).Distinct().ToList();
    }

    [GeneratedRegex("#/components/schemas/([^\"]+)\"")]
    private static partial Regex SchemaReference();
}
