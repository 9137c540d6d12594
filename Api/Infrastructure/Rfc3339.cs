using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FastEndpoints;
using Microsoft.Extensions.Primitives;

namespace Cms.Api.Infrastructure;

/// <summary>Times are accepted only as RFC 3339 date-times with an offset ("2024-01-02T14:36:00+08:00" or "...Z"):
/// a time without one could be any of 24 instants, and a local date format could be two different days.</summary>
public static partial class Rfc3339
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && Pattern().IsMatch(text) &&
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>For query and route values bound by FastEndpoints.</summary>
    public static ParseResult ParseQueryValue(StringValues input) =>
        TryParse(input.ToString(), out var value) ? new ParseResult(true, value) : new ParseResult(false, null);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Pattern();
}

/// <summary>The same rule for times in JSON bodies.</summary>
public sealed class Rfc3339JsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Rfc3339.TryParse(reader.GetString(), out var value)
            ? value
            : throw new JsonException("Expected an RFC 3339 date-time with an offset, e.g. 2024-01-02T14:36:00+08:00.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
}
