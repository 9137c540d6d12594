using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>Makes each object schema say what the serializer writes: a member that can hold null is nullable, references
/// included (Swashbuckle leaves a nullable reference such as cover plain); a member written only when it is not null is
/// optional and never null; members with a closed set of values list them. The members always written are kept in the
/// schema's metadata so that <see cref="ContractDocumentFilter"/> can require them in response-only schemas.</summary>
public sealed class WireShapeSchemaFilter : ISchemaFilter
{
    public const string AlwaysWrittenKey = "cms:always-written";

    static readonly NullabilityInfoContext Nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } objectSchema || context.Type is null) { return; }

        var alwaysWritten = new List<string>();
        foreach (var prop in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is not null))
        {
            var name = JsonName(prop);
            if (!objectSchema.Properties.TryGetValue(name, out var member)) { continue; }

            var ignore = prop.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition;
            if (ignore == JsonIgnoreCondition.WhenWritingNull)
            {
                objectSchema.Required?.Remove(name);
                objectSchema.Properties[name] = NonNull(member);
                member = objectSchema.Properties[name];
            }
            else
            {
                alwaysWritten.Add(name);
                if (member is OpenApiSchemaReference && IsNullable(prop)) { objectSchema.Properties[name] = member = Nullable(member); }
            }
            if (member is OpenApiSchema inline)
            {
                if (ClosedValues.Of(prop) is { } values) { ClosedValues.Apply(inline, values); }
                ValidatorBounds.Apply(inline, context.Type, prop.Name);
                if (inline.Format is "date-time") { inline.MaxLength ??= InputBounds.DateTimeMaxLength; }
            }
        }
        objectSchema.Metadata ??= new Dictionary<string, object>();
        objectSchema.Metadata[AlwaysWrittenKey] = alwaysWritten;
    }

    public static string JsonName(PropertyInfo prop) =>
        prop.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? Json.Options.PropertyNamingPolicy!.ConvertName(prop.Name);

    public static bool IsNullable(PropertyInfo prop) =>
        System.Nullable.GetUnderlyingType(prop.PropertyType) is not null
        || (!prop.PropertyType.IsValueType && Nullability.Create(prop).ReadState == NullabilityState.Nullable);

    /// <summary>A schema that also allows null: null added to the types, or a reference offered beside null.</summary>
    public static IOpenApiSchema Nullable(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema { Type: { } type } inline && inline.OneOf is null)
        {
            inline.Type = type | JsonSchemaType.Null;
            if (inline.Enum is { Count: > 0 } values && !values.Any(v => v is null)) { values.Add(null!); }
            return inline;
        }
        if (schema is OpenApiSchema { OneOf: { } choices } && choices.Any(c => c.Type == JsonSchemaType.Null)) { return schema; }
        return new OpenApiSchema
        {
            Description = schema.Description,
            OneOf = [Unwrap(schema), new OpenApiSchema { Type = JsonSchemaType.Null }],
        };
    }

    /// <summary>The same schema without null among its values.</summary>
    public static IOpenApiSchema NonNull(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema { Type: { } type } inline && type.HasFlag(JsonSchemaType.Null))
        {
            inline.Type = type & ~JsonSchemaType.Null;
            inline.Enum?.Remove(null!);
        }
        if (schema is OpenApiSchema { OneOf: { } choices } wrapper && choices.FirstOrDefault(c => c.Type != JsonSchemaType.Null) is { } only && choices.Count == 2)
        {
            return only is OpenApiSchemaReference ? only : wrapper;
        }
        return schema;
    }

    static IOpenApiSchema Unwrap(IOpenApiSchema schema) => schema is OpenApiSchemaReference reference
        ? new OpenApiSchemaReference(reference.Reference.Id!, reference.Reference.HostDocument)
        : schema;
}

/// <summary>Text members and parameters with a closed set of values, listed from the code that checks or writes them.</summary>
public static class ClosedValues
{
    public static IReadOnlyList<string>? Of(PropertyInfo prop) =>
        prop.GetCustomAttribute<WireValuesAttribute>() is { } wire ? wire.Values() : null;

    public static void Apply(OpenApiSchema schema, IReadOnlyList<string> values)
    {
        var pattern = values.Where(v => v.StartsWith('^')).ToList();
        var words = values.Except(pattern).ToList();
        if (pattern.Count > 0)
        {
            schema.Pattern = "^(" + string.Join('|', words.Select(System.Text.RegularExpressions.Regex.Escape).Concat(pattern.Select(p => p[1..^1]))) + ")$";
            return;
        }
        schema.Enum = words.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
        if (schema.Type?.HasFlag(JsonSchemaType.Null) == true) { schema.Enum.Add(null!); }
    }
}

/// <summary>The values a text member takes, read from a static member of the code that owns them (a list of strings,
/// or the keys of a dictionary), so the contract cannot drift from what the server accepts and writes.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WireValuesAttribute(Type owner, string member) : Attribute
{
    public IReadOnlyList<string> Values()
    {
        var value = owner.GetField(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
            ?? owner.GetProperty(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
            ?? throw new InvalidOperationException($"{owner.Name}.{member} does not exist.");
        return value switch
        {
            IEnumerable<string> list => list.ToList(),
            System.Collections.IDictionary map => map.Keys.Cast<string>().ToList(),
            _ => throw new InvalidOperationException($"{owner.Name}.{member} is not a list of strings."),
        };
    }
}
