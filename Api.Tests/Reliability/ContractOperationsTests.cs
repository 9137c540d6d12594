using System.Text.Json.Nodes;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Reliability;

/// <summary>The hostile-input fixtures enumerate operations by reading the committed openapi.yaml line by line; this
/// proves the reader sees every operation, parameter and body type that the running API documents.</summary>
public sealed class ContractOperationsTests : ApiFixture
{
    static readonly string[] Verbs = ["get", "put", "post", "patch", "delete"];

    [Test]
    public async Task The_contract_reader_sees_every_operation_parameter_and_body_type_the_API_documents()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;

        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(v => Verbs.Contains(v.Key)).Select(v => Describe(
                v.Key.ToUpperInvariant(), path.Key,
                v.Value!["parameters"]?.AsArray().Select(p => $"{p!["in"]}:{p["name"]}:{p["schema"]?["type"]}") ?? [],
                v.Value!["requestBody"]?["content"]?.AsObject().Select(c => c.Key) ?? [],
                (string?)v.Value!["x-required-role"])))
            .Order(StringComparer.Ordinal).ToList();
        var read = ContractOperations.All
            .Select(o => Describe(o.Method, o.Path, o.Parameters.Select(p => $"{p.In}:{p.Name}:{p.Type}"), o.BodyTypes, o.RequiredRole))
            .Order(StringComparer.Ordinal).ToList();

        Assert.That(read, Is.EqualTo(documented));
        Assert.That(ContractOperations.JsonWrites.Count(), Is.GreaterThanOrEqualTo(16));
        Assert.That(ContractOperations.Reads.Count(o => o.AllowsAnonymous), Is.GreaterThan(0));
        Assert.That(ContractOperations.Reads.Count(o => !o.AllowsAnonymous), Is.GreaterThan(0));
        Assert.That(ContractOperations.All.Where(o => !o.AllowsAnonymous).Select(o => o.RequiredRole), Has.None.Null);
    }

    static string Describe(string method, string path, IEnumerable<string> parameters, IEnumerable<string> bodyTypes, string? role) =>
        $"{method} {path} ({string.Join(", ", parameters)}) [{string.Join(", ", bodyTypes)}] {role ?? "public"}";
}
