using System.Net;
using System.Text.Json.Nodes;

namespace Cms.Api.Tests.Reliability;

/// <summary>Every query parameter of every read in the contract, given each injection string (by the public where the
/// read is public, else by an admin): the answer is a normal 200, a 400 problem that names the parameter, or a 404/304,
/// never a 5xx, and no answer shows SQL, stack frames or type names.</summary>
public sealed class QueryInjectionTests : HostileInputFixture
{
    static readonly HttpStatusCode[] Expected = [HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.NotModified];

    RouteValues routes = null!;

    [OneTimeSetUp]
    public async Task CreateWhatTheRoutesName() => routes = await RouteValues.CreateAsync(Admin, Given);

    static IEnumerable<TestCaseData> QueryParameters() =>
        ContractOperations.Reads.SelectMany(op => op.Query.Select(p =>
            new TestCaseData(op.Key, p.Name).SetArgDisplayNames(op.Key, p.Name)));

    [Test]
    public void The_contract_has_reads_with_query_parameters_to_attack()
    {
        var parameters = QueryParameters().ToList();

        Assert.That(parameters, Has.Count.GreaterThanOrEqualTo(20));
        Assert.That(InjectionStrings.All, Has.Count.GreaterThanOrEqualTo(40));
    }

    [TestCaseSource(nameof(QueryParameters))]
    public async Task An_injected_query_value_is_answered_normally_or_refused_by_name_and_never_with_a_500(string operation, string parameter)
    {
        var op = ContractOperations.Named(operation);
        var path = routes.Fill(op);
        var failures = new List<string>();
        var sent = 0;

        var client = op.AllowsAnonymous ? Anonymous : Admin;
        foreach (var injection in InjectionStrings.All)
        {
            using var res = await client.GetAsync($"{path}?{parameter}={injection.Encoded}");
            sent++;
            var (text, wrong) = await HostileAnswers.CheckAsync(res);
            wrong ??= res.StatusCode switch
            {
                _ when !Expected.Contains(res.StatusCode) => $"answered {(int)res.StatusCode}",
                HttpStatusCode.OK => HostileAnswers.CheckSuccessfulRead(res, text),
                HttpStatusCode.BadRequest => NamesParameter(text, parameter),
                _ => null,
            };
            if (wrong is not null) { failures.Add($"{parameter}={injection.Name}: {wrong}\n    got {HostileAnswers.Show(text)}"); }
        }

        await TestContext.Out.WriteLineAsync($"{operation} ?{parameter}: {sent} requests, {failures.Count} answered wrongly");
        Assert.That(failures, Is.Empty, $"{failures.Count} of {sent} answers were wrong:\n" + string.Join("\n", failures.Take(20)));
    }

    [Test]
    public async Task A_refusal_never_repeats_a_very_long_value_in_full()
    {
        var value = new string('a', 10_000);
        var failures = new List<string>();

        foreach (var op in ContractOperations.Reads)
        {
            var client = op.AllowsAnonymous ? Anonymous : Admin;
            var urls = op.Query.Select(p => (p.Name, $"{routes.Fill(op)}?{p.Name}={value}"))
                .Concat(op.Route.Select(p => (p.Name, routes.Fill(op, (p.Name, value)))));
            foreach (var (parameter, url) in urls)
            {
                using var res = await client.GetAsync(url);
                var (text, wrong) = await HostileAnswers.CheckAsync(res);
                var detail = res.StatusCode >= HttpStatusCode.BadRequest && wrong is null ? (string?)JsonNode.Parse(text)!["detail"] : null;
                if (detail is { Length: > HostileAnswers.ReadableDetailLength }) { wrong = $"a detail of {detail.Length:N0} characters"; }
                if (wrong is not null) { failures.Add($"{op.Key} {parameter}: {wrong}\n    got {HostileAnswers.Show(text, 160)}"); }
            }
        }

        Assert.That(failures, Is.Empty, $"{failures.Count} answers repeat the value in full:\n" + string.Join("\n", failures));
    }

    static string? NamesParameter(string text, string parameter)
    {
        var errors = JsonNode.Parse(text)?["errors"]?.AsObject();
        return errors is not null && errors.Any(e => string.Equals(e.Key, parameter, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"a 400 whose errors do not name '{parameter}': {HostileAnswers.Show(text)}";
    }
}
