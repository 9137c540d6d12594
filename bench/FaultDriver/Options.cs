using System.Globalization;

namespace Cms.Faults;

public sealed class UsageException(string message) : Exception(message);

/// <summary>"--name value" pairs and bare "--flag"s.</summary>
public sealed class Options
{
    readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal)) { throw new UsageException($"Unexpected argument '{list[i]}'."); }
            var name = list[i][2..];
            var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
            options.values[name] = hasValue ? list[++i] : null;
        }
        return options;
    }

    public bool Flag(string name) => values.ContainsKey(name);

    public string Text(string name) =>
        values.TryGetValue(name, out var v) && v is not null ? v : throw new UsageException($"--{name} is required.");

    public string? OptionalText(string name) => values.TryGetValue(name, out var v) ? v : null;

    public int Number(string name, int fallback) =>
        values.TryGetValue(name, out var v) && v is not null ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public Uri BaseUri => new(Text("base").TrimEnd('/') + "/");
}
