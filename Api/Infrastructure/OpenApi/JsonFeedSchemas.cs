using System.Reflection;
using System.Text.Json;
using Cms.Api.Features.Feeds;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>The JSON Feed 1.1 document as <see cref="FeedWriter"/> writes it: snake_case names, members without a value
/// left out. Built from the same classes the writer serializes, so the two cannot drift apart.</summary>
public static class JsonFeedSchemas
{
    public const string MediaType = "application/feed+json";

    /// <summary>Gives the feed+json answer of a feed its schema; RSS and Atom stay XML text.</summary>
    public static void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse { Content: { } content }) { return; }
        if (!content.TryGetValue(MediaType, out var feed)) { return; }
        ((OpenApiMediaType)feed).Schema = Reference(typeof(JsonFeedDocument), context);
    }

    static OpenApiSchemaReference Reference(Type type, OperationFilterContext context)
    {
        var id = type == typeof(JsonFeedDocument) ? "JsonFeed" : type.Name;
        if (!context.SchemaRepository.Schemas.ContainsKey(id))
        {
            context.SchemaRepository.Schemas[id] = new OpenApiSchema();
            context.SchemaRepository.Schemas[id] = ObjectSchema(type, context);
        }
        return new OpenApiSchemaReference(id, context.Document);
    }

    static OpenApiSchema ObjectSchema(Type type, OperationFilterContext context)
    {
        var properties = new Dictionary<string, IOpenApiSchema>();
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(prop.Name);
            properties[name] = MemberSchema(prop.PropertyType, name, context);
            if (!WireShapeSchemaFilter.IsNullable(prop)) { required.Add(name); }
        }
        if (type == typeof(JsonFeedDocument)) { properties["version"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = "https://jsonfeed.org/version/1.1" }; }
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = type == typeof(JsonFeedDocument) ? "A JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/)." : null,
            Properties = properties,
            Required = required,
        };
    }

    static IOpenApiSchema MemberSchema(Type type, string name, OperationFilterContext context)
    {
        if (type == typeof(string))
        {
            var format = name.StartsWith("date_", StringComparison.Ordinal) ? "date-time" : name.EndsWith("url", StringComparison.Ordinal) || name == "image" ? "uri" : null;
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = format };
        }
        var item = type.IsGenericType ? type.GetGenericArguments()[0] : null;
        if (item is not null) { return new OpenApiSchema { Type = JsonSchemaType.Array, Items = MemberSchema(item, name, context) }; }
        return Reference(type, context);
    }
}
