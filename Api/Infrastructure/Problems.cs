using System.Text.Json;
using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation.Results;
using Microsoft.AspNetCore.WebUtilities;

namespace Cms.Api.Infrastructure;

/// <summary>An RFC 9457 problem document. <c>type</c> says which kind of refusal it is (see <see cref="ProblemTypes"/>);
/// <c>errors</c> maps a request field to what is wrong with it.</summary>
public sealed class ProblemDocument
{
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Instance { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IDictionary<string, string[]>? Errors { get; init; }
}

public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ProblemDocument Create(HttpContext ctx, ProblemType type, string? detail, IDictionary<string, string[]>? errors = null) => new()
    {
        Type = type.Uri,
        Title = type.Title,
        Status = type.Status,
        Detail = detail,
        Instance = ctx.Request.Path,
        TraceId = ctx.TraceIdentifier,
        Errors = errors,
    };

    /// <summary>A problem whose status the server chose (Kestrel refusing a body): the kind this API sends with that
    /// status, or about:blank for a status it never raises itself (RFC 9457: no meaning beyond the status).</summary>
    public static ProblemDocument ForStatus(HttpContext ctx, int status, string detail) =>
        ProblemTypes.ForStatus(status) is { } type ? Create(ctx, type, detail) : new()
        {
            Type = ProblemTypes.Blank,
            Title = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
            Status = status,
            Detail = detail,
            Instance = ctx.Request.Path,
            TraceId = ctx.TraceIdentifier,
        };

    public static Task WriteAsync(HttpContext ctx, ProblemType type, string? detail,
        IDictionary<string, string[]>? errors = null, CancellationToken ct = default) =>
        WriteAsync(ctx, Create(ctx, type, detail, errors), ct);

    public static async Task WriteAsync(HttpContext ctx, ProblemDocument problem, CancellationToken ct)
    {
        if (ctx.Response.HasStarted || ctx.ResponseStarted()) { return; }
        ctx.MarkResponseStart();
        ctx.Response.StatusCode = problem.Status;
        ctx.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(ctx.Response.Body, problem, Json.Options, ct);
    }

    /// <summary>Gives a refusal that a framework result sent without a body (a file's 416) the problem document it lacks.</summary>
    public static async Task CompleteBodylessAsync(HttpContext ctx, ProblemType type, string detail, CancellationToken ct)
    {
        if (ctx.Response.HasStarted || ctx.Response.StatusCode != type.Status) { return; }
        ctx.Response.ContentType = ContentType;
        ctx.Response.ContentLength = null;
        await JsonSerializer.SerializeAsync(ctx.Response.Body, Create(ctx, type, detail), Json.Options, ct);
    }

    /// <summary>What a 404 or a field error says of a row that does not exist: "No article has the id 3808167."</summary>
    public static string NoSuch(string what, object id) => $"No {what} has the id {id}.";

    public static Task SendNotFoundAsync(this IEndpoint ep, string what, object id, CancellationToken ct) =>
        WriteAsync(ep.HttpContext, ProblemTypes.NotFound, NoSuch(what, id), null, ct);

    public static Task SendProblemAsync(this IEndpoint ep, ProblemType type, string detail, CancellationToken ct) =>
        WriteAsync(ep.HttpContext, type, detail, null, ct);

    public static Task SendProblemAsync(this IEndpoint ep, ProblemType type, string field, string message, CancellationToken ct) =>
        WriteAsync(ep.HttpContext, type, message, new Dictionary<string, string[]> { [field] = [message] }, ct);

    public static Task SendProblemAsync(this IEndpoint ep, ProblemType type, string detail, IDictionary<string, string[]> errors, CancellationToken ct) =>
        WriteAsync(ep.HttpContext, type, detail, errors, ct);

    /// <summary>Builds the body FastEndpoints sends for failed validation and unreadable JSON: malformed-request when
    /// the body could not be read (<see cref="JsonErrors"/> marks those failures), else validation-failed.</summary>
    public static ProblemDocument ValidationProblem(IEnumerable<ValidationFailure> failures, HttpContext ctx, int status)
    {
        failures = failures.ToList();
        var type = failures.Any(JsonErrors.IsUnreadableBody) ? ProblemTypes.MalformedRequest : ProblemTypes.ValidationFailed;
        var errors = failures
            .GroupBy(f => FieldName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        var general = errors.Remove(GeneralField, out var generalMessages) ? string.Join(" ", generalMessages!) : null;
        var detail = general ?? (errors.Count == 1
            ? $"The field '{errors.Keys.First()}' is not valid: {errors.Values.First()[0]}"
            : $"{errors.Count} fields are not valid; see errors.");
        return Create(ctx, type, detail, errors.Count > 0 ? errors : null);
    }

    const string GeneralField = "generalErrors";

    /// <summary>The message for a route or query value that does not parse as the parameter's type.</summary>
    public static string UnparsableValue(Type type, string name, Microsoft.Extensions.Primitives.StringValues value)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var expected = t.IsEnum ? "one of: " + string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))
            : t == typeof(int) || t == typeof(long) ? "a whole number"
            : t == typeof(bool) ? "true or false"
            : t == typeof(DateTimeOffset) || t == typeof(DateTime) ? "an RFC 3339 date-time such as 2024-01-02T14:36:00+08:00"
            : "a value of type " + t.Name;
        return $"'{Quote(value.ToString())}' is not valid for {name}: expected {expected}.";
    }

    /// <summary>A value a client sent, as a problem repeats it: at most 80 characters, so a huge value is not echoed back.</summary>
    public static string Quote(string? value) => value is null ? string.Empty : value.Length <= 80 ? value : value[..80] + "…";

    /// <summary>Gives problems written by ASP.NET itself (unknown routes, wrong methods, content types) their type and a helpful detail.</summary>
    public static void DescribeStatus(Microsoft.AspNetCore.Http.ProblemDetailsContext ctx)
    {
        ctx.ProblemDetails.Detail ??= ctx.ProblemDetails.Status switch
        {
            404 => "Nothing is found at this path; the API lives under /api/v1 (see /swagger).",
            405 => "This path does not support the HTTP method used; see /swagger for the methods it takes.",
            415 when HttpMethods.IsPatch(ctx.HttpContext.Request.Method) =>
                "A PATCH takes a JSON merge patch (RFC 7396): send it as application/merge-patch+json.",
            415 => "This endpoint takes a body of another content type: application/json (multipart/form-data for uploads).",
            _ => null,
        };
        ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
        var type = ProblemTypes.ForStatus(ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode);
        ctx.ProblemDetails.Type = type?.Uri ?? ProblemTypes.Blank;
        if (type is not null) { ctx.ProblemDetails.Title = type.Title; }
    }

    /// <summary>FluentValidation names nested members "Bylines[0].Role"; JSON clients know them as "bylines[0].role".</summary>
    static string FieldName(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(s => s.Length > 0 ? char.ToLowerInvariant(s[0]) + s[1..] : s));
}
