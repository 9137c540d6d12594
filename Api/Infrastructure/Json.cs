using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cms.Api.Infrastructure;

public static class Json
{
    /// <summary>The one set of options for requests, responses and problem documents.</summary>
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DictionaryKeyPolicy = null;
        // Chinese text and HTML bodies go out as written, not as \uXXXX escapes; responses are JSON, never inlined into HTML.
        o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.NumberHandling = JsonNumberHandling.Strict;
        o.AllowTrailingCommas = false;
        o.ReadCommentHandling = JsonCommentHandling.Disallow;
        o.MaxDepth = 32;
        o.Converters.Add(new Rfc3339JsonConverter());
        return o;
    }
}

/// <summary>Enum values travel as their names only: a number such as "status": 7 is refused, not saved as some value.</summary>
public sealed class StrictEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
