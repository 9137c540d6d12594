using System.Globalization;
using System.Text.Json;

namespace Cms.Api.Tests.Contract;

/// <summary>A response as the validator sees it. <paramref name="Body"/> is the decoded body when it is JSON and was
/// read, null when it was not read (a HEAD, an image, a feed in XML).</summary>
public sealed record ObservedResponse(string Method, string Path, int Status, string? MediaType, IReadOnlyCollection<string> HeaderNames,
    byte[]? Body)
{
    public bool HasBody => MediaType is not null || Body is { Length: > 0 };
}

public static class ViolationKinds
{
    public const string Status = "undocumented status";
    public const string ContentType = "undeclared content type";
    public const string Body = "body does not match schema";
    public const string Header = "missing declared header";
    public const string Problem = "error is not a problem document";
}

/// <param name="Operation">"GET /api/v1/articles/{id}", or the request's own method and path outside the contract.</param>
public sealed record ContractViolation(string Operation, int Status, string Kind, string Message)
{
    public override string ToString() => $"{Operation} answered {Status}: {Kind}: {Message}";
}

/// <param name="Operation">The operation the response answered; null for a path the contract does not have.</param>
/// <param name="StatusKey">The documented response it was checked against ("200", "4XX", "default"), or its status.</param>
public sealed record ResponseCheck(DocumentedOperation? Operation, string StatusKey, IReadOnlyList<ContractViolation> Violations);

/// <summary>Checks a response against the contract: its status is documented for the operation (or covered by a range or
/// default), its Content-Type is one declared for that status, its JSON body is valid against that media type's schema,
/// and the headers the contract marks required are there. Outside the contract (unknown routes, Swagger UI's files)
/// only one rule holds: an error is a problem document.</summary>
public sealed class ResponseValidator(OpenApiContract contract)
{
    const int MismatchesShown = 3;

    public OpenApiContract Contract => contract;

    public ResponseCheck Check(ObservedResponse response)
    {
        var status = response.Status.ToString(CultureInfo.InvariantCulture);
        var operation = contract.Find(response.Method, response.Path);
        if (operation is null) { return new ResponseCheck(null, status, [.. OutsideTheContract(response)]); }

        var name = operation.Key;
        if (operation.ResponseFor(response.Status) is not var (key, documented))
        {
            return new ResponseCheck(operation, status, [new ContractViolation(name, response.Status, ViolationKinds.Status,
                $"the contract documents {string.Join(", ", operation.Responses.Keys)} for {name}, not {status}")]);
        }

        var violations = new List<ContractViolation>();
        void Add(string kind, string message) => violations.Add(new ContractViolation(name, response.Status, kind, message));

        if (!response.HasBody)
        {
            if (documented.Content.Count > 0 && response.Method != "HEAD")
            {
                Add(ViolationKinds.Body, $"no body, where the contract declares {string.Join(", ", documented.Content.Keys)}");
            }
        }
        else if (documented.Content.Count == 0)
        {
            Add(ViolationKinds.ContentType, $"a body of type {response.MediaType ?? "none"}, where the contract declares no content");
        }
        else if (DeclaredType(documented, response.MediaType) is not { } declared)
        {
            Add(ViolationKinds.ContentType, $"Content-Type {response.MediaType ?? "none"}, where the contract declares {string.Join(", ", documented.Content.Keys)}");
        }
        else if (documented.Content[declared] is { } schema && response.Body is { } body && IsJson(response.MediaType))
        {
            if (BodyMismatch(schema, body) is { } mismatch) { Add(ViolationKinds.Body, mismatch); }
        }

        foreach (var header in documented.RequiredHeaders)
        {
            if (!response.HeaderNames.Contains(header, StringComparer.OrdinalIgnoreCase))
            {
                Add(ViolationKinds.Header, $"no {header} header, which the contract declares required");
            }
        }
        return new ResponseCheck(operation, key, violations);
    }

    /// <summary>True for the media types whose body the validator reads: JSON and every "+json" type.</summary>
    public static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                                  mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    IEnumerable<ContractViolation> OutsideTheContract(ObservedResponse response)
    {
        if (response.Status < 400 || response.Method == "HEAD") { yield break; }
        var name = $"{response.Method} {(response.Path.Length > 80 ? response.Path[..80] + "…" : response.Path)}";
        if (!string.Equals(response.MediaType, "application/problem+json", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ContractViolation(name, response.Status, ViolationKinds.Problem,
                $"a {response.Status} of type {response.MediaType ?? "none"}, not application/problem+json");
        }
        else if (response.Body is { } body && contract.ProblemSchema is { } schema && BodyMismatch(schema, body) is { } mismatch)
        {
            yield return new ContractViolation(name, response.Status, ViolationKinds.Problem, mismatch);
        }
    }

    string? BodyMismatch(string schema, byte[] body)
    {
        JsonDocument json;
        try { json = JsonDocument.Parse(body); }
        catch (JsonException e) { return $"the body is not JSON ({e.Message})"; }
        using (json)
        {
            var mismatches = contract.Check(schema, json.RootElement);
            if (mismatches.Count == 0) { return null; }
            var shown = string.Join("; ", mismatches.Take(MismatchesShown));
            return mismatches.Count > MismatchesShown ? $"{shown}; and {mismatches.Count - MismatchesShown} more" : shown;
        }
    }

    /// <summary>The declared media type (or range, such as image/* or */*) that the response's type falls under.</summary>
    static string? DeclaredType(DocumentedResponse documented, string? mediaType)
    {
        if (mediaType is null) { return null; }
        var declared = documented.Content.Keys;
        return declared.FirstOrDefault(d => d.Equals(mediaType, StringComparison.OrdinalIgnoreCase)) ??
               declared.FirstOrDefault(d => d.EndsWith("/*", StringComparison.Ordinal) &&
                                            mediaType.StartsWith(d[..^1], StringComparison.OrdinalIgnoreCase)) ??
               declared.FirstOrDefault(d => d == "*/*");
    }
}
