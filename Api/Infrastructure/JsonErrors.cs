using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation.Results;

namespace Cms.Api.Infrastructure;

/// <summary>Explains System.Text.Json failures as field errors a person can act on, without type names or internals.</summary>
public static class JsonErrors
{
    const string UnreadableBodyCode = "unreadable-body";

    /// <summary>Turns a System.Text.Json failure into a field error a person can act on, marked as a body that could not be read.</summary>
    public static ValidationFailure ToFieldError(JsonException ex)
    {
        var failure = Describe(ex);
        failure.ErrorCode = UnreadableBodyCode;
        return failure;
    }

    /// <summary>True for a failure made by <see cref="ToFieldError"/>: the request is malformed rather than invalid.</summary>
    public static bool IsUnreadableBody(ValidationFailure failure) => failure.ErrorCode == UnreadableBodyCode;

    static ValidationFailure Describe(JsonException ex)
    {
        var path = ex.Path is null or "$" ? null : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path.TrimStart('$');
        if (ex.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var name = UnknownPropertyName(ex.Message);
            return new ValidationFailure(path ?? name, $"'{name}' is not a field of this request; remove it (read-only values such as id, status defaults and timestamps are set by the server).");
        }
        if (ex.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return new ValidationFailure(path ?? "body", "A required field is missing: " + ex.Message.Split(':').Last().Trim().TrimEnd('.'));
        }
        if (ex.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return new ValidationFailure("body", "The request body is empty; send a JSON object.");
        }
        if (path is null && ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return new ValidationFailure("body", "The request body must be a JSON object.");
        }
        // The reader's own exception type is internal; its name is the stable way to tell bad syntax from a bad value.
        if (path is null || ex.InnerException?.GetType().Name == "JsonReaderException")
        {
            return new ValidationFailure("body", $"The request body is not valid JSON{Position(ex)}.");
        }
        if (ex.Message.StartsWith("Expected an RFC 3339", StringComparison.Ordinal))
        {
            return new ValidationFailure(path, ex.Message);
        }
        if (EnumNamed(ex.Message) is { } names)
        {
            return new ValidationFailure(path, $"This value must be one of: {string.Join(", ", names)}.");
        }
        return new ValidationFailure(path, $"This value has the wrong type or format{Position(ex)}.");
    }

    /// <summary>The JSON names of the enum a value failed to convert to, read from the serializer's message.</summary>
    static IEnumerable<string>? EnumNamed(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"converted to (?:System\.Nullable`1\[)?([\w.]+)");
        var type = match.Success ? typeof(JsonErrors).Assembly.GetType(match.Groups[1].Value) : null;
        return type is { IsEnum: true }
            ? type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Select(f => f.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
                    .OfType<JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name ?? f.Name)
            : null;
    }

    static string Position(JsonException ex) =>
        ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;

    static string UnknownPropertyName(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal) + 1;
        var end = message.IndexOf('\'', start);
        return start > 0 && end > start ? message[start..end] : "unknown";
    }
}
