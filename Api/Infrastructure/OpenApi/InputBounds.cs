using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>Bounds and shapes of what a client sends in the URL and headers, where no validator of the request states
/// them: ids (positive, and no larger than JavaScript holds exactly), cursors and tokens, slugs, conditional headers.
/// With the validators' bounds (<see cref="ValidatorBounds"/>) every input of the contract has a length or range and a
/// shape (OWASP API4:2023, clients/.spectral.yaml).</summary>
public static class InputBounds
{
    const string Slug = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
    const string Token = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$";
    const string ETags = "^(\\*|(W/)?\"[^\"]*\"(\\s*,\\s*(W/)?\"[^\"]*\")*)$";
    const string HttpDate = "^[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$";

    /// <summary>By parameter name: the shape and longest value. Station, channel and author take an id or a slug (both
    /// match the slug pattern); cursors and sync tokens are two base64url parts.</summary>
    static readonly Dictionary<string, (string Pattern, int MaxLength)> Shapes = new()
    {
        ["cursor"] = (Token, 512),
        ["since"] = (Token, 512),
        ["station"] = (Slug, ValidationRules.SlugMaxLength),
        ["channel"] = (Slug, ValidationRules.SlugMaxLength),
        ["author"] = (Slug, ValidationRules.SlugMaxLength),
        ["v"] = ("^[0-9a-f]+$", 64),
        ["q"] = (ValidationRules.TextPattern(multiline: false), 200),
        ["tag"] = (ValidationRules.TextPattern(multiline: false), Features.Articles.ArticleInput.MaxTagLength),
        ["name"] = (ValidationRules.TextPattern(multiline: false), Features.Articles.ArticleInput.MaxTagLength),
        ["If-None-Match"] = (ETags, 4096),
        ["If-Match"] = (ETags, 4096),
        ["If-Modified-Since"] = (HttpDate, 29),
        ["Range"] = ("^bytes=(\\d+-\\d*|-\\d+)$", 64),
        ["If-Range"] = ($"({ETags})|({HttpDate})", 4096),
    };

    /// <summary>An RFC 3339 date-time is at most 35 characters, with fractions of a second and an offset.</summary>
    public const int DateTimeMaxLength = 64;

    public static void Apply(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Schema is not OpenApiSchema schema) { continue; }
            if (schema.Type?.HasFlag(JsonSchemaType.Integer) == true) { BoundInteger(schema); }
            else if (schema.Type?.HasFlag(JsonSchemaType.String) == true && schema.Enum is not { Count: > 0 }) { BoundText(parameter.Name!, schema); }
        }
    }

    static void BoundInteger(OpenApiSchema schema)
    {
        if (schema.Minimum is null && schema.ExclusiveMinimum is null) { schema.Minimum = "1"; }
        if (schema.Maximum is null && schema.ExclusiveMaximum is null)
        {
            schema.Maximum = schema.Format == "int32" ? $"{int.MaxValue}" : $"{ValidationRules.MaxId}";
        }
    }

    static void BoundText(string name, OpenApiSchema schema)
    {
        if (Shapes.TryGetValue(name, out var shape))
        {
            schema.Pattern ??= schema.Format is null ? shape.Pattern : null;
            schema.MaxLength ??= shape.MaxLength;
            return;
        }
        if (schema.Format is "date-time") { schema.MaxLength ??= DateTimeMaxLength; }
    }
}
