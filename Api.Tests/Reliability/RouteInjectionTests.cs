using System.Net;

namespace Cms.Api.Tests.Reliability;

/// <summary>Every route parameter of every operation in the contract (ids, numbers, slugs, feed formats), given each
/// injection string while the other parameters name real things: the answer is a 404 or 400 problem, never a 5xx, and
/// a refused change saves nothing.</summary>
public sealed class RouteInjectionTests : HostileInputFixture
{
    /// <summary>A NUL in a path never reaches the API: the in-memory test server refuses to build the request, and Kestrel
    /// answers such a request line with a 400 of its own.</summary>
    static readonly List<Injection> PathInjections =
        InjectionStrings.All.Where(i => !i.Encoded.Contains("%00", StringComparison.Ordinal)).ToList();

    /// <summary>Changes share their route templates with the reads, which get every string; each change gets every
    /// third, so that all of them still meet SQL, traversal, encodings and long values.</summary>
    static readonly List<Injection> PathInjectionsForChanges = PathInjections.Where((_, i) => i % 3 == 0).ToList();

    RouteValues routes = null!;

    [OneTimeSetUp]
    public async Task CreateWhatTheRoutesName() => routes = await RouteValues.CreateAsync(Admin, Given);

    static IEnumerable<TestCaseData> RouteParameters() =>
        ContractOperations.All.SelectMany(op => op.Route.Select(p =>
            new TestCaseData(op.Key, p.Name).SetArgDisplayNames(op.Key, p.Name)));

    [TestCaseSource(nameof(RouteParameters))]
    public async Task An_injected_route_value_is_a_404_or_400_problem_and_saves_nothing(string operation, string parameter)
    {
        var op = ContractOperations.Named(operation);
        var injections = op.Method == "GET" ? PathInjections : PathInjectionsForChanges;
        var failures = new List<string>();

        var before = Database.Take();
        foreach (var injection in injections)
        {
            using var request = new HttpRequestMessage(new HttpMethod(op.Method), routes.Fill(op, (parameter, injection.Encoded)));
            if (op.JsonBodyType is { } type) { HostileAnswers.SetBody(request, "{}"u8.ToArray(), type); }
            using var res = await Admin.SendAsync(request);
            var (text, wrong) = await HostileAnswers.CheckAsync(res);
            if (wrong is null && res.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.BadRequest))
            {
                wrong = $"answered {(int)res.StatusCode}";
            }
            var after = Database.Take();
            if (wrong is null && after != before) { wrong = "a refused request changed the database:\n" + DatabaseFingerprint.Difference(before, after); }
            if (wrong is not null) { failures.Add($"{parameter}={injection.Name}: {wrong}\n    got {HostileAnswers.Show(text)}"); }
            before = after;
        }

        Assert.That(failures, Is.Empty, $"{failures.Count} of {injections.Count} answers were wrong:\n" + string.Join("\n", failures.Take(20)));
    }
}
