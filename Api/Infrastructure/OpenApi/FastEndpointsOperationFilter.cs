using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.Protection;
using FastEndpoints;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>Teaches Swashbuckle how FastEndpoints binds a request: route values and query parameters come from
/// DTO properties, GET and DELETE have no body, and endpoints without AllowAnonymous need the bearer key.</summary>
public sealed partial class FastEndpointsOperationFilter : IOperationFilter
{
    static readonly HashSet<string> BodylessVerbs = ["GET", "DELETE", "HEAD"];

    /// <summary>An operation's name in the contract (and in the audit log): its endpoint class without "Endpoint".</summary>
    public static string OperationId(Type endpointType) =>
        endpointType.Name.EndsWith("Endpoint", StringComparison.Ordinal) ? endpointType.Name[..^"Endpoint".Length] : endpointType.Name;

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var def = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault();
        if (def is null) { return; }

        operation.OperationId = OperationId(def.EndpointType);
        operation.Summary = def.EndpointSummary?.Summary;
        operation.Description = Describe(def);
        if (LeastRole(def) is { } least)
        {
            // Machine-readable for tools and for the access matrix the tests generate from the contract.
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[RequiredRoleExtension] = new JsonNodeExtension(JsonValue.Create(Caller.RoleName(least)));
        }

        var verb = context.ApiDescription.HttpMethod?.ToUpperInvariant() ?? "GET";
        var props = BindableProperties(def.ReqDtoType);
        var routeNames = RouteParams(context.ApiDescription.RelativePath ?? string.Empty);
        var parameters = new List<IOpenApiParameter>();

        foreach (var (name, constraint) in routeNames)
        {
            var prop = props.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            var type = prop?.PropertyType ?? ConstraintType(constraint);
            parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = prop?.GetCustomAttribute<DescriptionAttribute>()?.Description,
                Schema = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository),
            });
        }

        var bodyless = BodylessVerbs.Contains(verb);
        foreach (var prop in props)
        {
            if (routeNames.Any(r => r.Name.Equals(prop.Name, StringComparison.OrdinalIgnoreCase))) { continue; }
            if (!bodyless && prop.GetCustomAttribute<QueryParamAttribute>() is null) { continue; }
            var schema = context.SchemaGenerator.GenerateSchema(
                Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType, context.SchemaRepository);
            if (schema is OpenApiSchema inline)
            {
                if (ClosedValues.Of(prop) is { } values) { ClosedValues.Apply(inline, values); }
                ValidatorBounds.Apply(inline, def.ReqDtoType!, prop.Name);
            }
            parameters.Add(new OpenApiParameter
            {
                Name = JsonNamingPolicyName(prop),
                In = ParameterLocation.Query,
                Required = false,
                Description = prop.GetCustomAttribute<DescriptionAttribute>()?.Description,
                Schema = schema,
            });
        }
        operation.Parameters = parameters;

        var multipart = operation.RequestBody?.Content?.ContainsKey("multipart/form-data") == true;
        if (bodyless || (!multipart && !HasJsonBody(def.ReqDtoType, routeNames.Select(r => r.Name))))
        {
            operation.RequestBody = null;
        }
        if (operation.RequestBody?.Content is { } bodies)
        {
            bodies.Remove("*/*");
            foreach (var media in bodies.Values) { WithoutRouteValues(media.Schema, routeNames.Select(r => r.Name), context); }
        }

        var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [] };
        operation.Responses ??= [];
        if (def.AnonymousVerbs?.Length > 0)
        {
            // Public, and a key is optional: with one, drafts are visible too. A key that does not work is refused.
            operation.Security = [new OpenApiSecurityRequirement(), bearer];
            operation.Responses["401"] = ProblemResponses.Document(context, "An Authorization header was sent with a key that is unknown or revoked (none is needed here).");
        }
        else
        {
            operation.Security = [bearer];
            operation.Responses["401"] = ProblemResponses.Document(context, "The API key is missing, unknown, expired or revoked.");
            operation.Responses["403"] = ProblemResponses.Document(context, "The key's role, stations, ownership or read-only flag does not allow this.");
        }
        foreach (var (status, description) in WellKnown)
        {
            if (operation.Responses.TryGetValue(status, out var response) && response is OpenApiResponse declared && declared.Description?.Length <= 25)
            {
                declared.Description = description;
            }
        }
        if (verb != "GET")
        {
            // Any write can meet a database that stays locked, a full disk or storage that turned read-only.
            operation.Responses["503"] = ProblemResponses.Document(context, "The database is busy or the storage cannot be written; nothing was saved. Retry after Retry-After seconds.");
            operation.Responses["507"] = ProblemResponses.Document(context, "The server's storage is full; nothing was saved. Reads still work.");
        }
        else if (!operation.Responses.ContainsKey("503"))
        {
            operation.Responses["503"] = ProblemResponses.Document(context, "The database stayed busy for longer than the server waits. Retry after Retry-After seconds.");
        }
        // Anything unexpected: a problem without internals whose traceId finds the logged error.
        operation.Responses["500"] = ProblemResponses.Document(context, "An unexpected server error. The problem's traceId names the error in the server's log.");
        var rateLimited = !RateLimits.IsExempt(new PathString("/" + context.ApiDescription.RelativePath));
        if (rateLimited) { operation.Responses["429"] = TooManyRequests(context); }
        PipelineResponses.Apply(operation, context, verb, def);
        ResponseHeaderDocs.Apply(operation, context, rateLimited);
        InputBounds.Apply(operation);
        JsonFeedSchemas.Apply(operation, context);
        RequestExamples.Apply(operation);
        SortResponses(operation);
    }

    /// <summary>The operation extension naming the least role a key needs; absent on public operations.</summary>
    public const string RequiredRoleExtension = "x-required-role";

    /// <summary>The least role a key needs for the endpoint, or null when it is public.</summary>
    static KeyRole? LeastRole(EndpointDefinition def) =>
        def.AnonymousVerbs?.Length > 0 ? null
        : def.AllowedRoles is { Count: > 0 } roles ? roles.Select(Caller.ParseRole).Min()
        : KeyRole.Contributor;

    /// <summary>What the endpoint says of itself, and who may call it (read from its role requirement, so it stays true).</summary>
    static string Describe(EndpointDefinition def)
    {
        var who = LeastRole(def) switch
        {
            null => "Public: no key needed; with a key, content not yet public is visible too.",
            KeyRole.Contributor => "Needs a key of any role.",
            KeyRole.Admin => "Needs a key with the admin role.",
            var least => $"Needs a key with the {Caller.RoleName(least.Value)} role or higher.",
        };
        var own = def.EndpointSummary?.Description;
        return string.IsNullOrWhiteSpace(own) ? $"{def.EndpointSummary?.Summary}. {who}" : $"{own} {who}";
    }

    /// <summary>Route values travel in the path: a body schema does not repeat them (the server would take the path's anyway).</summary>
    static void WithoutRouteValues(IOpenApiSchema? schema, IEnumerable<string> routeNames, OperationFilterContext context)
    {
        if (schema is not OpenApiSchemaReference { Reference.Id: { } id }
            || !context.SchemaRepository.Schemas.TryGetValue(id, out var target) || target is not OpenApiSchema { Properties: { } properties } body) { return; }
        foreach (var name in routeNames.Select(n => properties.Keys.FirstOrDefault(k => k.Equals(n, StringComparison.OrdinalIgnoreCase))).OfType<string>())
        {
            properties.Remove(name);
            body.Required?.Remove(name);
        }
    }

    static readonly Dictionary<string, string> WellKnown = new()
    {
        ["412"] = "If-Match names a version that is no longer current: GET again, reapply the change, send the new ETag.",
        ["428"] = "If-Match is required: send the ETag from your GET (or * to overwrite).",
    };

    static OpenApiResponse TooManyRequests(OperationFilterContext context)
    {
        var response = ProblemResponses.Document(context, "Too many requests in a minute from this API key, or without a key from this address.");
        response.Headers = new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = ProblemResponses.RetryAfter(required: true) };
        return response;
    }

    static void SortResponses(OpenApiOperation operation)
    {
        if (operation.Responses is null) { return; }
        var sorted = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in sorted) { operation.Responses[status] = response; }
    }

    static List<PropertyInfo> BindableProperties(Type? dto) => dto is null || dto == typeof(EmptyRequest)
        ? []
        : dto.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Where(p => p.PropertyType != typeof(IFormFile))
            .ToList();

    /// <summary>False for a request DTO whose every value comes from the route or the query; true for a JSON DTO, and for an
    /// endpoint without a DTO (its body, if any, is declared with Accepts).</summary>
    static bool HasJsonBody(Type? dto, IEnumerable<string> routeNames) => dto is null || dto == typeof(EmptyRequest)
        || BindableProperties(dto).Any(p => p.GetCustomAttribute<QueryParamAttribute>() is null
            && !routeNames.Contains(p.Name, StringComparer.OrdinalIgnoreCase));

    static string JsonNamingPolicyName(PropertyInfo prop) =>
        prop.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? Json.Options.PropertyNamingPolicy!.ConvertName(prop.Name);

    static List<(string Name, string? Constraint)> RouteParams(string template) =>
        RouteParam().Matches(template).Select(m => (m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null)).ToList();

    static Type ConstraintType(string? constraint) => constraint switch
    {
        "long" => typeof(long),
        "int" => typeof(int),
        "bool" => typeof(bool),
        _ => typeof(string),
    };

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::([A-Za-z]+))?\??\}")]
    private static partial Regex RouteParam();
}
