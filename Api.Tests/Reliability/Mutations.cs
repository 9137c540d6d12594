using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Reliability;

/// <summary>One way to spoil a valid body: a name for the report, and the bytes it makes of a fresh valid body.</summary>
public sealed record Mutation(string Name, Func<JsonObject, byte[]> Apply)
{
    public override string ToString() => Name;
}

/// <summary>Deterministic mutations of a valid JSON body, in the spirit of zzuf and the JSON test suites: whole bodies
/// that are not objects, every field given every other JSON type (values inside arrays two of them), numbers no type
/// holds, strings no one should store, duplicate and unknown keys, nesting no parser should follow, then seeded zzuf-style
/// byte and bit damage up to the count asked for.</summary>
public static class Mutations
{
    static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly string DeepArrays = new string('[', 10_000) + new string(']', 10_000);

    public static readonly string DeepObjects = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);

    static readonly (string Name, byte[] Bytes)[] WholeBodies =
    [
        ("an empty body", []),
        ("only whitespace", "  \r\n\t "u8.ToArray()),
        ("null", "null"u8.ToArray()),
        ("an empty array", "[]"u8.ToArray()),
        ("an array of an object", "[{}]"u8.ToArray()),
        ("a bare string", "\"共青团\""u8.ToArray()),
        ("a bare number", "3808167"u8.ToArray()),
        ("a bare true", "true"u8.ToArray()),
        ("an unclosed object", "{"u8.ToArray()),
        ("a closing brace", "}"u8.ToArray()),
        ("two objects", "{}{}"u8.ToArray()),
        ("a byte-order mark alone", [0xEF, 0xBB, 0xBF]),
        ("a NUL byte", [0x00]),
        ("invalid UTF-8 alone", [0xFF, 0xFE, 0xFD]),
        ("10,000 nested arrays", Encoding.UTF8.GetBytes(DeepArrays)),
        ("10,000 nested objects", Encoding.UTF8.GetBytes(DeepObjects)),
        ("a comment", "/* */ {}"u8.ToArray()),
        ("single quotes", "{'a': 1}"u8.ToArray()),
        ("NaN", "NaN"u8.ToArray()),
    ];

    static readonly (string Name, JsonNode? Value)[] OtherTypes =
    [
        ("a string", JsonValue.Create("x")),
        ("a number", JsonValue.Create(1)),
        ("an array", new JsonArray()),
        ("an object", new JsonObject()),
        ("null", null),
        ("false", JsonValue.Create(false)),
    ];

    static readonly string[] HugeNumbers =
    [
        "1e400", "-1e400", "1e-400", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "2147483648", "-2147483649", "-0", "0.5", "1.0", "1E2", "-1", "0", "123456789012345678901234567890",
    ];

    static readonly string[] NastyStrings =
    [
        "\"\"", "\"   \"", "\"\\ud800\"", "\"\\udfff\"", "\"a\\udc00\\ud800b\"", "\"\\u0000\"", "\"a\\u0000b\"",
        "\"\\u202e\u0645\u0631\u062d\u0628\u0627\"", "\"😀👨‍👩‍👧‍👦\"", "\"Z̴̡̧̛̛̖͎̫a̶l̷g̵o\"", "\"\\r\\n\\t\"",
        "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"", "\"../../etc/passwd\"", "\"%s%n%x\"", "\"{{7*7}}${7*7}\"",
        "\"\\\\\\\"\\/\\b\\f\"", "\"\uFEFF\"", "\"\uFFFF\uFFFE\"",
    ];

    static readonly string[] Times =
    [
        "\"0001-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59.9999999Z\"",
        "\"9999-12-31T23:59:59-14:00\"", "\"2024-02-30T00:00:00Z\"", "\"2024-01-02T14:36:00+99:99\"",
        "\"2024-01-02T24:00:00Z\"", "\"2024-01-02T14:36:60Z\"", "\"2024-01-02\"", "\"2024-01-02T14:36:00\"",
        "\"+002024-01-02T14:36:00Z\"", "\"2024-01-02T14:36:00.12345678Z\"",
    ];

    static readonly string[] UnknownKeys = ["id", "createdAt", "updatedAt", "version", "__proto__", "constructor", "$type", "$ref", ""];

    static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE6, 0x9D], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    static readonly byte[] Interesting = "{}[]\",:\\0-+.eEnutfl \t\r\n\u0000\u001f/*'"u8.ToArray();

    /// <summary>At least <paramref name="count"/> mutations of bodies shaped like <paramref name="sample"/>, the same
    /// for the same seed.</summary>
    public static IReadOnlyList<Mutation> For(JsonObject sample, int seed, int count)
    {
        var random = new Random(seed);
        var list = new List<Mutation>();
        foreach (var (name, bytes) in WholeBodies) { list.Add(new Mutation($"whole body: {name}", _ => bytes)); }
        list.Add(new Mutation("a byte-order mark before the body", b => [0xEF, 0xBB, 0xBF, .. Utf8(b)]));
        list.Add(new Mutation("the body in UTF-16 with its byte-order mark", b => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text(b))]));
        list.Add(new Mutation("the body twice", b => [.. Utf8(b), .. Utf8(b)]));
        list.Add(new Mutation("the body in an array", b => [(byte)'[', .. Utf8(b), (byte)']']));
        list.Add(new Mutation("trailing garbage", b => [.. Utf8(b), (byte)'x']));
        list.Add(new Mutation("a trailing comma", b => Encoding.UTF8.GetBytes(Text(b)[..^1] + ",}")));

        foreach (var path in ValuePaths(sample, []))
        {
            var label = Label(path);
            var topLevel = path.Count == 1;
            // Top-level fields get every other type; values inside arrays two of them, so a rich body stays affordable.
            var types = topLevel ? OtherTypes : OtherTypes.OrderBy(_ => random.Next()).Take(2).ToArray();
            foreach (var (typeName, value) in types)
            {
                list.Add(new Mutation($"{label} as {typeName}", b => Utf8(With(b, path, value?.DeepClone()))));
            }
            var number = HugeNumbers[random.Next(HugeNumbers.Length)];
            list.Add(new Mutation($"{label} as {number}", b => WithRaw(b, path, number)));
            var nasty = NastyStrings[random.Next(NastyStrings.Length)];
            list.Add(new Mutation($"{label} as {nasty}", b => WithRaw(b, path, nasty)));
            var invalid = InvalidUtf8[random.Next(InvalidUtf8.Length)];
            var sampleText = Value(sample, path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (sampleText is not null)
            {
                list.Add(new Mutation($"{label} as 100,000 characters", b => Utf8(With(b, path, JsonValue.Create(new string('长', 100_000))))));
                list.Add(new Mutation($"{label} with invalid UTF-8 {Convert.ToHexString(invalid)} inside", b => WithRaw(b, path, "\"ab\"", invalid)));
            }
            if (topLevel)
            {
                list.Add(new Mutation($"{label} as 10,000 nested arrays", b => WithRaw(b, path, DeepArrays)));
                list.Add(new Mutation($"{label} left out", b => Utf8(Without(b, path))));
            }
            if (sampleText is { Length: >= 20 } && sampleText[10] == 'T')
            {
                foreach (var time in Times) { list.Add(new Mutation($"{label} as {time}", b => WithRaw(b, path, time))); }
            }
        }
        foreach (var (key, i) in sample.Select((p, i) => (p.Key, i)).ToList())
        {
            list.Add(i % 2 == 0
                ? new Mutation($"\"{key}\" twice, the second a number", b => Encoding.UTF8.GetBytes(Text(b)[..^1] + $",\"{key}\":7}}"))
                : new Mutation($"\"{key}\" twice, the second in capitals and null", b => Encoding.UTF8.GetBytes(Text(b)[..^1] + $",\"{key.ToUpperInvariant()}\":null}}")));
        }
        foreach (var key in UnknownKeys)
        {
            list.Add(new Mutation($"an unknown property \"{key}\"", b => Utf8(WithProperty(b, key, JsonValue.Create(1)))));
        }
        list.Add(new Mutation("a nested unknown property", b => Utf8(WithProperty(b, "extra", new JsonObject { ["a"] = new JsonArray(1, "2") }))));
        list.Add(new Mutation("10,000 nested objects in a new property", b => Encoding.UTF8.GetBytes(Text(b)[..^1] + ",\"deep\":" + DeepObjects + "}")));
        list.Add(new Mutation("33 nested arrays in a new property", b => Encoding.UTF8.GetBytes(Text(b)[..^1] + ",\"deep\":" + new string('[', 33) + new string(']', 33) + "}")));
        list.Add(new Mutation("65 nested objects in a new property", b => Encoding.UTF8.GetBytes(Text(b)[..^1] + ",\"deep\":" +
            string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65) + "}")));

        while (list.Count < count) { list.Add(RandomDamage(random)); }
        return list;
    }

    /// <summary>zzuf-style damage at a position chosen by the seed, relative to the body's length.</summary>
    static Mutation RandomDamage(Random random)
    {
        var at = random.NextDouble();
        var to = random.NextDouble();
        var bits = (byte)(1 << random.Next(8));
        var value = (byte)random.Next(256);
        var insert = Interesting[random.Next(Interesting.Length)];
        var invalid = InvalidUtf8[random.Next(InvalidUtf8.Length)];
        var percent = $"{at:P0}";
        return random.Next(8) switch
        {
            0 => new Mutation($"byte at {percent} set to 0x{value:X2}", b => Edit(b, at, (bytes, i) => bytes[i] = value)),
            1 => new Mutation($"bit 0x{bits:X2} flipped at {percent}", b => Edit(b, at, (bytes, i) => bytes[i] ^= bits)),
            2 => new Mutation($"truncated at {percent}", b => Utf8(b)[..Index(Utf8(b).Length, at)]),
            3 => new Mutation($"bytes deleted from {percent} to {to:P0}", b => Splice(Utf8(b), at, to, [])),
            4 => new Mutation($"bytes from {percent} to {to:P0} duplicated", b => Duplicate(Utf8(b), at, to)),
            5 => new Mutation($"0x{insert:X2} inserted at {percent}", b => Splice(Utf8(b), at, at, [insert])),
            6 => new Mutation($"invalid UTF-8 {Convert.ToHexString(invalid)} inserted at {percent}", b => Splice(Utf8(b), at, at, invalid)),
            _ => new Mutation($"bytes at {percent} and {to:P0} swapped", b => Swap(Utf8(b), at, to)),
        };
    }

    public static string Text(JsonNode body) => body.ToJsonString(Raw);

    public static byte[] Utf8(JsonNode body) => Encoding.UTF8.GetBytes(Text(body));

    static int Index(int length, double at) => Math.Min(length - 1, (int)(at * length));

    static byte[] Edit(JsonObject body, double at, Action<byte[], int> edit)
    {
        var bytes = Utf8(body);
        edit(bytes, Index(bytes.Length, at));
        return bytes;
    }

    static byte[] Splice(byte[] bytes, double from, double to, byte[] insert)
    {
        var (a, b) = Ordered(Index(bytes.Length, from), Index(bytes.Length, to));
        return [.. bytes[..a], .. insert, .. bytes[b..]];
    }

    static byte[] Duplicate(byte[] bytes, double from, double to)
    {
        var (a, b) = Ordered(Index(bytes.Length, from), Index(bytes.Length, to));
        return [.. bytes[..b], .. bytes[a..b], .. bytes[b..]];
    }

    static byte[] Swap(byte[] bytes, double first, double second)
    {
        var (a, b) = (Index(bytes.Length, first), Index(bytes.Length, second));
        (bytes[a], bytes[b]) = (bytes[b], bytes[a]);
        return bytes;
    }

    static (int, int) Ordered(int a, int b) => a <= b ? (a, b) : (b, a);

    /// <summary>The path of every value in the body, objects and arrays included, as property names and indexes.</summary>
    static IEnumerable<List<object>> ValuePaths(JsonNode? node, List<object> prefix)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => ((object)p.Key, p.Value)).ToList(),
            JsonArray a => a.Select((v, i) => ((object)i, v)).ToList(),
            _ => [],
        };
        foreach (var (step, value) in children)
        {
            List<object> path = [.. prefix, step];
            yield return path;
            foreach (var deeper in ValuePaths(value, path)) { yield return deeper; }
        }
    }

    static string Label(List<object> path) =>
        string.Concat(path.Select((p, i) => p is int n ? $"[{n}]" : i == 0 ? (string)p : "." + p));

    static JsonNode? Value(JsonNode? node, List<object> path)
    {
        foreach (var step in path) { node = step is int i ? node?[i] : node?[(string)step]; }
        return node;
    }

    static JsonObject With(JsonObject body, List<object> path, JsonNode? value)
    {
        var parent = Value(body, path[..^1]);
        if (path[^1] is int i && parent is JsonArray array && i < array.Count) { array[i] = value; }
        else if (path[^1] is string key && parent is JsonObject o) { o[key] = value; }
        return body;
    }

    static JsonObject Without(JsonObject body, List<object> path)
    {
        body.Remove((string)path[0]);
        return body;
    }

    static JsonObject WithProperty(JsonObject body, string key, JsonNode? value)
    {
        body[key] = value;
        return body;
    }

    const string Placeholder = "\"@@raw-value@@\"";

    /// <summary>Puts a token that no JsonNode can hold (1e400, a lone surrogate escape, deep nesting, invalid bytes) at a path.</summary>
    static byte[] WithRaw(JsonObject body, List<object> path, string raw, byte[]? bytesInside = null)
    {
        var text = Text(With(body, path, JsonValue.Create(Placeholder[1..^1])));
        var parts = text.Split(Placeholder);
        var token = Encoding.UTF8.GetBytes(raw);
        if (bytesInside is not null) { token = [.. token[..2], .. bytesInside, .. token[2..]]; }
        return parts.Length == 2 ? [.. Encoding.UTF8.GetBytes(parts[0]), .. token, .. Encoding.UTF8.GetBytes(parts[1])] : Encoding.UTF8.GetBytes(text);
    }
}
