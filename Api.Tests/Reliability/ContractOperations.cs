namespace Cms.Api.Tests.Reliability;

public sealed record ContractParameter(string Name, string In, string? Type, string? Format);

/// <summary>One operation of the committed contract, as far as hostile-input tests need it.</summary>
public sealed record ContractOperation(string Method, string Path, IReadOnlyList<ContractParameter> Parameters,
    IReadOnlyList<string> BodyTypes, bool AllowsAnonymous)
{
    public string Key => $"{Method} {Path}";

    /// <summary>The least role a key needs (x-required-role): contributor, author, editor or admin; null when public.</summary>
    public string? RequiredRole { get; init; }

    /// <summary>The JSON media type the body is sent as, or null for operations without a JSON body.</summary>
    public string? JsonBodyType => BodyTypes.FirstOrDefault(t => t is "application/json" or "application/merge-patch+json");

    public IEnumerable<ContractParameter> Query => Parameters.Where(p => p.In == "query");

    public IEnumerable<ContractParameter> Route => Parameters.Where(p => p.In == "path");

    public override string ToString() => Key;
}

/// <summary>The operations of the committed openapi.yaml, so that a new endpoint is fed hostile input without anyone
/// remembering to add it. The file is what Swashbuckle writes (a test keeps it equal to the generated document), so a
/// reader of its indentation is enough: paths at 2 spaces, methods at 4, their sections at 6.</summary>
public static class ContractOperations
{
    static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    const string RequiredRole = "x-required-role: ";

    static readonly Lazy<IReadOnlyList<ContractOperation>> Parsed = new(() => Parse(File.ReadAllLines(CommittedPath())));

    public static IReadOnlyList<ContractOperation> All => Parsed.Value;

    /// <summary>POST, PUT and PATCH operations whose body is JSON or a JSON merge patch.</summary>
    public static IEnumerable<ContractOperation> JsonWrites => All.Where(o => o.Method != "GET" && o.JsonBodyType is not null);

    public static IEnumerable<ContractOperation> Reads => All.Where(o => o.Method == "GET");

    public static ContractOperation Named(string key) =>
        All.SingleOrDefault(o => o.Key == key) ?? throw new AssertionException($"{key} is not an operation of openapi.yaml");

    public static IEnumerable<TestCaseData> Cases(IEnumerable<ContractOperation> operations) =>
        operations.Select(o => new TestCaseData(o.Key).SetArgDisplayNames(o.Key));

    public static IReadOnlyList<ContractOperation> Parse(IReadOnlyList<string> lines)
    {
        var operations = new List<ContractOperation>();
        string? path = null, method = null, section = null;
        List<ContractParameter> parameters = [];
        List<string> bodyTypes = [];
        bool anonymous = false, secured = false;
        string? role = null;
        string? name = null, location = null, type = null, format = null;

        void EndParameter()
        {
            if (name is not null) { parameters.Add(new ContractParameter(name, location ?? "", type, format)); }
            name = location = type = format = null;
        }

        void EndOperation()
        {
            EndParameter();
            if (path is not null && method is not null)
            {
                operations.Add(new ContractOperation(method.ToUpperInvariant(), path, parameters, bodyTypes, anonymous || !secured)
                {
                    RequiredRole = role,
                });
            }
            method = section = role = null;
            parameters = [];
            bodyTypes = [];
            anonymous = secured = false;
        }

        var inPaths = false;
        foreach (var line in lines)
        {
            var text = line.TrimStart(' ');
            var indent = line.Length - text.Length;
            if (text.Length == 0) { continue; }
            if (indent == 0)
            {
                if (inPaths) { EndOperation(); break; }
                inPaths = text == "paths:";
                continue;
            }
            if (!inPaths) { continue; }

            if (indent == 2) { EndOperation(); path = Unquote(text.TrimEnd(':')); }
            else if (indent == 4) { EndOperation(); method = Methods.Contains(text.TrimEnd(':')) ? text.TrimEnd(':') : null; }
            else if (indent == 6 && method is not null)
            {
                EndParameter();
                section = text.TrimEnd(':');
                secured |= section == "security";
                if (text.StartsWith(RequiredRole, StringComparison.Ordinal)) { role = text[RequiredRole.Length..]; }
            }
            else if (section == "parameters" && indent == 8 && text.StartsWith("- name: ", StringComparison.Ordinal))
            {
                EndParameter();
                name = Unquote(text["- name: ".Length..]);
            }
            else if (section == "parameters" && indent == 10 && text.StartsWith("in: ", StringComparison.Ordinal)) { location = text["in: ".Length..]; }
            else if (section == "parameters" && indent == 12 && text.StartsWith("type: ", StringComparison.Ordinal)) { type = text["type: ".Length..]; }
            else if (section == "parameters" && indent == 12 && text.StartsWith("format: ", StringComparison.Ordinal)) { format = text["format: ".Length..]; }
            else if (section == "requestBody" && indent == 10 && text.EndsWith(':')) { bodyTypes.Add(Unquote(text.TrimEnd(':'))); }
            else if (section == "security" && indent == 8 && text == "- { }") { anonymous = true; }
        }
        EndOperation();
        return operations;
    }

    static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' ? value[1..^1].Replace("''", "'", StringComparison.Ordinal) : value;

    /// <summary>Where openapi.yaml is committed: next to Cms.sln, found by walking up from the test binaries.</summary>
    public static string CommittedPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cms.sln"))) { return Path.Combine(dir.FullName, "openapi.yaml"); }
        }
        throw new InvalidOperationException("Cms.sln not found above " + AppContext.BaseDirectory);
    }
}
