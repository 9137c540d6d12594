using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Reliability;

/// <summary>What every answer to hostile input must be: never a 5xx, and every refusal an RFC 9457 problem document
/// whose status is the response's, with a title and a detail a person can read. Checks return what is wrong (null when
/// nothing is), so that a fixture can send thousands of requests and report every failure at once.</summary>
public static class HostileAnswers
{
    /// <summary>Text that belongs in a log, not in an answer: stack frames, type names, SQL and serializer internals.</summary>
    public static readonly string[] Internals =
    [
        "   at ", "Exception", "System.", "Microsoft.", "Cms.Api", "SQLite", "Sqlite", "SQL logic error", "syntax error", "no such column",
        "no such table", "fts5:", "unrecognized token", "constraint failed", "LineNumber:", "BytePositionInLine", "Path: $", ".cs:line",
    ];

    /// <summary>Longer than this, a detail is no longer something a person reads.</summary>
    public const int ReadableDetailLength = 1000;

    public static async Task<(string Text, string? Wrong)> CheckAsync(HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        return (text, Check(res, text));
    }

    public static string? Check(HttpResponseMessage res, string text)
    {
        var status = (int)res.StatusCode;
        if (status >= 500) { return $"answered {status}"; }
        if (status < 400) { return null; }
        if (res.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"a {status} of type {res.Content.Headers.ContentType?.MediaType ?? "none"}, not application/problem+json";
        }
        JsonNode? problem;
        try { problem = JsonNode.Parse(text); }
        catch (JsonException) { return $"a {status} whose problem document is not JSON"; }
        if (problem is not JsonObject) { return $"a {status} whose problem document is not an object"; }
        if (Int(problem["status"]) != status) { return $"a {status} whose problem says status {problem["status"]?.ToJsonString() ?? "nothing"}"; }
        if (Str(problem["title"]) is not { Length: > 0 }) { return $"a {status} problem without a title"; }
        if (Str(problem["detail"]) is not { } detail || detail.Trim().Length < 5) { return $"a {status} problem without a detail"; }
        if (Internals.FirstOrDefault(i => detail.Contains(i, StringComparison.Ordinal)) is { } leak)
        {
            return $"a {status} problem whose detail shows internals ('{leak}'): {detail}";
        }
        if (problem["errors"] is { } errors && !IsFieldMessages(errors)) { return $"a {status} problem whose errors are not field → messages"; }
        return null;
    }

    /// <summary>What is wrong with a 200 to a read: a body that is not what its type says, or database text in it.</summary>
    public static string? CheckSuccessfulRead(HttpResponseMessage res, string text)
    {
        var type = res.Content.Headers.ContentType?.MediaType ?? "";
        if (type.EndsWith("json", StringComparison.Ordinal))
        {
            try { JsonNode.Parse(text); }
            catch (JsonException) { return $"a {(int)res.StatusCode} of type {type} that is not JSON"; }
        }
        else if (!type.StartsWith("image/", StringComparison.Ordinal) && !type.EndsWith("xml", StringComparison.Ordinal))
        {
            return $"a {(int)res.StatusCode} of unexpected type '{type}'";
        }
        if (type.StartsWith("image/", StringComparison.Ordinal)) { return null; }
        return Internals.FirstOrDefault(i => text.Contains(i, StringComparison.Ordinal)) is { } leak ? $"a {(int)res.StatusCode} whose body contains '{leak}'" : null;
    }

    public static void SetBody(HttpRequestMessage request, byte[] body, string contentType)
    {
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
    }

    /// <summary>A short, printable form of a request body for a failure report.</summary>
    public static string Show(byte[] body, int max = 160)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, max * 4));
        var shown = new StringBuilder();
        foreach (var ch in text.Take(max)) { shown.Append(char.IsControl(ch) || char.IsSurrogate(ch) ? $"\\u{(int)ch:x4}" : ch.ToString()); }
        return body.Length > max ? $"{shown}… ({body.Length:N0} bytes)" : shown.ToString();
    }

    public static string Show(string text, int max = 300) => text.Length > max ? text[..max] + "…" : text;

    static bool IsFieldMessages(JsonNode errors) =>
        errors is JsonObject o && o.All(p => p.Value is JsonArray a && a.All(m => Str(m) is { Length: > 0 }));

    static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
