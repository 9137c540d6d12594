using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Cms.Api.Tests.Contract;

/// <summary>One operation of the contract: what it may answer, with which media types and headers.</summary>
public sealed record DocumentedOperation(string Method, string Path, IReadOnlyDictionary<string, DocumentedResponse> Responses)
{
    public string Key => $"{Method} {Path}";

    /// <summary>The documented response for a status: its own, then its range ("4XX"), then "default".</summary>
    public (string Key, DocumentedResponse Response)? ResponseFor(int status)
    {
        foreach (var key in new[] { status.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{status / 100}XX", "default" })
        {
            if (Responses.TryGetValue(key, out var response)) { return (key, response); }
        }
        return null;
    }
}

/// <param name="Content">Media type (or range) → JSON pointer of its schema in the document, null without a schema.</param>
/// <param name="RequiredHeaders">Headers the contract says are always present on this response.</param>
public sealed record DocumentedResponse(IReadOnlyDictionary<string, string?> Content, IReadOnlyList<string> RequiredHeaders);

/// <summary>An OpenAPI 3.1 document read with Microsoft.OpenApi, its operations matched by method and path template, and
/// the schemas of its responses evaluated with JsonSchema.Net (3.1 schemas are JSON Schema 2020-12). The whole document
/// is registered as one base document, so <c>$ref: '#/components/schemas/X'</c> resolves as written; each schema is
/// built once, on first use.</summary>
public sealed class OpenApiContract
{
    static readonly Uri DocumentUri = new("https://contract.cms.test/openapi.json");

    static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    readonly List<(DocumentedOperation Operation, string[] Segments)> operations = [];
    readonly HashSet<string> firstSegments = new(StringComparer.Ordinal);
    readonly BuildOptions buildOptions;
    readonly Dictionary<string, JsonSchema> schemas = new(StringComparer.Ordinal);
    readonly Lock evaluation = new();
    static readonly ConcurrentDictionary<string, Regex> SegmentPatterns = new(StringComparer.Ordinal);
    static long evaluationTicks;

    /// <summary>Time spent building and evaluating schemas, all contracts together.</summary>
    internal static void AddEvaluationTime(TimeSpan spent) => Interlocked.Add(ref evaluationTicks, spent.Ticks);

    public static TimeSpan EvaluationTime => TimeSpan.FromTicks(Interlocked.Read(ref evaluationTicks));

    OpenApiContract(OpenApiDocument document, JsonElement json)
    {
        var registry = new SchemaRegistry();
        registry.Register(DocumentUri, new JsonElementBaseDocument(json, DocumentUri));
        buildOptions = new BuildOptions { SchemaRegistry = registry };

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var responses = new Dictionary<string, DocumentedResponse>(StringComparer.OrdinalIgnoreCase);
                foreach (var (status, response) in operation.Responses ?? [])
                {
                    var content = (response.Content ?? new Dictionary<string, IOpenApiMediaType>()).ToDictionary(
                        c => c.Key,
                        c => c.Value.Schema is null ? null : Pointer("paths", path, method.Method.ToLowerInvariant(), "responses", status, "content", c.Key, "schema"),
                        StringComparer.OrdinalIgnoreCase);
                    var headers = (response.Headers ?? new Dictionary<string, IOpenApiHeader>()).Where(h => h.Value.Required).Select(h => h.Key).ToList();
                    responses[status] = new DocumentedResponse(content, headers);
                }
                var segments = Segments(path);
                operations.Add((new DocumentedOperation(method.Method.ToUpperInvariant(), path, responses), segments));
                if (segments.Length > 0) { firstSegments.Add(segments[0]); }
            }
        }
        ProblemSchema = document.Components?.Schemas?.ContainsKey("ProblemDocument") == true ? Pointer("components", "schemas", "ProblemDocument") : null;
    }

    public IReadOnlyList<DocumentedOperation> Operations => [.. operations.Select(o => o.Operation)];

    /// <summary>Where the schema of a problem document is, when the contract has one.</summary>
    public string? ProblemSchema { get; }

    public static OpenApiContract Parse(string yaml)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var read = OpenApiDocument.Parse(yaml, "yaml", settings);
        if (read.Document is null || read.Diagnostic?.Errors.Count > 0)
        {
            throw new InvalidOperationException("The contract does not read as OpenAPI: " +
                string.Join("; ", read.Diagnostic?.Errors.Select(e => $"{e.Pointer} {e.Message}") ?? []));
        }
        using var json = new MemoryStream();
        using (var text = new StreamWriter(json, new UTF8Encoding(false), leaveOpen: true))
        {
            read.Document.SerializeAsV31(new OpenApiJsonWriter(text));
        }
        return new OpenApiContract(read.Document, JsonDocument.Parse(json.ToArray()).RootElement.Clone());
    }

    public static OpenApiContract Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The operation for this method and path (HEAD is answered as GET): a template whose segments all match,
    /// literal segments preferred over parameters, and text around parameters ({id}.{format}) over a bare parameter. A path under a prefix (a proxy's path base) is matched from the first
    /// segment the contract's paths start with.</summary>
    public DocumentedOperation? Find(string method, string path) =>
        Match(method.Equals("HEAD", StringComparison.OrdinalIgnoreCase) ? "GET" : method.ToUpperInvariant(), path);

    DocumentedOperation? Match(string method, string path)
    {
        var segments = Segments(path);
        var start = Array.FindIndex(segments, firstSegments.Contains);
        if (start > 0) { segments = segments[start..]; }

        DocumentedOperation? best = null;
        var bestLiterals = -1;
        foreach (var (operation, template) in operations)
        {
            if (operation.Method != method || template.Length != segments.Length) { continue; }
            var literals = 0;
            var matches = true;
            for (var i = 0; i < template.Length && matches; i++)
            {
                var segment = Uri.UnescapeDataString(segments[i]);
                if (!template[i].Contains('{', StringComparison.Ordinal))
                {
                    matches = string.Equals(template[i], segment, StringComparison.Ordinal);
                    literals += 2;
                }
                else if (!IsParameter(template[i]))
                {
                    matches = SegmentPattern(template[i]).IsMatch(segment);
                    literals++;
                }
            }
            if (matches && literals > bestLiterals) { (best, bestLiterals) = (operation, literals); }
        }
        return best;
    }

    /// <summary>Where the instance does not match the schema at this pointer: empty when it does.</summary>
    public IReadOnlyList<SchemaMismatch> Check(string schemaPointer, JsonElement instance)
    {
        // One at a time: JsonSchema.Net resolves a $ref through the registry when it first evaluates it.
        EvaluationResults detailed;
        lock (evaluation)
        {
            using var clock = new EvaluationClock(Stopwatch.GetTimestamp());
            if (!schemas.TryGetValue(schemaPointer, out var schema))
            {
                var reference = JsonDocument.Parse($$"""{"$ref": "{{DocumentUri}}#{{UriFragment(schemaPointer)}}"}""").RootElement;
                schema = JsonSchema.Build(reference, buildOptions, new Uri($"https://contract.cms.test/schemas/{schemas.Count}"));
                schemas.Add(schemaPointer, schema);
            }
            if (schema.Evaluate(instance, Quick).IsValid) { return []; }
            detailed = schema.Evaluate(instance, Detailed);
        }

        var mismatches = new List<SchemaMismatch>();
        foreach (var node in detailed.Details ?? [])
        {
            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            {
                mismatches.Add(new SchemaMismatch(JsonPath(node.InstanceLocation.ToString()), keyword, message, SchemaLocation(node.SchemaLocation)));
            }
        }
        if (mismatches.Count == 0) { mismatches.Add(new SchemaMismatch("$", "", "does not match the schema", schemaPointer)); }
        return [.. mismatches.OrderByDescending(m => m.Path.Length).ThenBy(m => m.Path, StringComparer.Ordinal)];
    }

    static string Pointer(params string[] tokens) =>
        string.Concat(tokens.Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));

    /// <summary>A JSON pointer as a URI fragment: each token percent-encoded ("problem+json" would read as "problem json").</summary>
    static string UriFragment(string pointer) =>
        string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(t => "/" + Uri.EscapeDataString(t)));

    static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True for a segment that is one parameter, such as {id}.</summary>
    static bool IsParameter(string segment) =>
        segment.StartsWith('{') && segment.EndsWith('}') && segment.IndexOf('{', 1) < 0;

    /// <summary>A segment that mixes parameters and text, such as {station}.{format}, as a pattern.</summary>
    static Regex SegmentPattern(string segment) => SegmentPatterns.GetOrAdd(segment, s =>
        new Regex("^" + string.Concat(Regex.Split(s, @"(\{[^}]+\})").Select(p => p.StartsWith('{') ? "(.+?)" : Regex.Escape(p))) + "$",
            RegexOptions.CultureInvariant));

    /// <summary>"/items/0/cover" as "$.items[0].cover".</summary>
    static string JsonPath(string pointer)
    {
        var path = new StringBuilder("$");
        foreach (var token in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            path.Append(name.All(char.IsAsciiDigit) ? $"[{name}]" : $".{name}");
        }
        return path.ToString();
    }

    static string SchemaLocation(Uri? location) =>
        location is null ? "" : location.Fragment is { Length: > 1 } fragment ? Uri.UnescapeDataString(fragment[1..]) : location.ToString();
}

/// <summary>Adds the time from its start to its disposal to the evaluation time.</summary>
file readonly struct EvaluationClock(long started) : IDisposable
{
    public void Dispose() => OpenApiContract.AddEvaluationTime(Stopwatch.GetElapsedTime(started));
}

/// <summary>One place where a body differs from its schema: the JSON path in the body, the keyword that failed, what
/// the schema wanted, and where in the document that schema is.</summary>
public sealed record SchemaMismatch(string Path, string Keyword, string Message, string SchemaLocation)
{
    public override string ToString() => $"at {Path}: {Message} ({Keyword} of {SchemaLocation})";
}
