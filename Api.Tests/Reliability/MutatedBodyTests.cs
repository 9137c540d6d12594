namespace Cms.Api.Tests.Reliability;

/// <summary>Every JSON write of the contract, fed 200 to 300 mutations of a valid body: no answer is a 5xx, every
/// refusal is a problem document a person can read, and a refused request saves nothing. A mutation that is still a
/// valid request may be accepted; the database is then measured again. The writes are shared among three fixtures by
/// resource, so that they run side by side; a new endpoint lands in the last one.</summary>
public abstract class MutatedBodyFixture : HostileInputFixture
{
    const int MutationsPerOperation = 200;

    ValidBodies bodies = null!;

    [OneTimeSetUp]
    public void PrepareValidBodies() => bodies = new ValidBodies(Given);

    protected static IEnumerable<TestCaseData> JsonWritesOf(params string[] resources) =>
        ContractOperations.Cases(ContractOperations.JsonWrites.Where(o => resources.Contains(Resource(o))));

    protected static IEnumerable<TestCaseData> JsonWritesOfOtherResources() =>
        ContractOperations.Cases(ContractOperations.JsonWrites
            .Where(o => !ArticleMutatedBodyTests.Resources.Concat(SectionMutatedBodyTests.Resources).Contains(Resource(o))));

    static string Resource(ContractOperation op) => op.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) ?? "";

    protected async Task MutateAsync(string operation)
    {
        var op = ContractOperations.Named(operation);
        var target = await bodies.ForAsync(op);
        using (var valid = await SendAsync(op, target.Url, Mutations.Utf8(target.Body())))
        {
            await ValidBodies.ExpectAcceptedAsync(valid, operation);
        }
        var mutations = Mutations.For(target.Body(), StableSeed(operation), MutationsPerOperation);
        var failures = new List<string>();
        var accepted = 0;

        var before = Database.Take();
        foreach (var mutation in mutations)
        {
            var body = mutation.Apply(target.Body());
            using var res = await SendAsync(op, target.Url, body);
            var (text, wrong) = await HostileAnswers.CheckAsync(res);
            var after = Database.Take();
            if (res.IsSuccessStatusCode) { accepted++; }
            else if (wrong is null && after != before) { wrong = "a refused request changed the database:\n" + DatabaseFingerprint.Difference(before, after); }
            if (wrong is not null) { failures.Add($"{mutation.Name}: {wrong}\n    sent {HostileAnswers.Show(body)}\n    got  {HostileAnswers.Show(text)}"); }
            before = after;
        }

        await TestContext.Out.WriteLineAsync($"{operation}: {mutations.Count} mutations sent, {accepted} accepted, {failures.Count} answered wrongly");
        Assert.That(mutations, Has.Count.GreaterThanOrEqualTo(MutationsPerOperation));
        Assert.That(accepted, Is.LessThan(mutations.Count / 2), "most mutations are hostile enough to be refused");
        Assert.That(failures, Is.Empty, $"{failures.Count} of {mutations.Count} mutations of {operation} were answered wrongly:\n" +
            string.Join("\n", failures.Take(25)));
    }

    Task<HttpResponseMessage> SendAsync(ContractOperation op, string url, byte[] body)
    {
        var request = new HttpRequestMessage(new HttpMethod(op.Method), url);
        HostileAnswers.SetBody(request, body, op.JsonBodyType!);
        return Admin.SendAsync(request);
    }

    /// <summary>FNV-1a of the operation: the same mutations on every run and machine (string.GetHashCode is randomized).</summary>
    static int StableSeed(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text) { hash = (hash ^ ch) * 16777619u; }
        return (int)hash;
    }
}

public sealed class ArticleMutatedBodyTests : MutatedBodyFixture
{
    internal static readonly string[] Resources = ["articles"];

    static IEnumerable<TestCaseData> Writes() => JsonWritesOf(Resources);

    [TestCaseSource(nameof(Writes))]
    public Task A_mutated_article_write_never_gets_a_500_and_a_refused_one_saves_nothing(string operation) => MutateAsync(operation);
}

public sealed class SectionMutatedBodyTests : MutatedBodyFixture
{
    internal static readonly string[] Resources = ["stations", "channels"];

    static IEnumerable<TestCaseData> Writes() => JsonWritesOf(Resources);

    [TestCaseSource(nameof(Writes))]
    public Task A_mutated_station_or_channel_write_never_gets_a_500_and_a_refused_one_saves_nothing(string operation) => MutateAsync(operation);
}

public sealed class MutatedBodyTests : MutatedBodyFixture
{
    static IEnumerable<TestCaseData> Writes() => JsonWritesOfOtherResources();

    [Test]
    public void Every_JSON_write_of_the_contract_has_a_valid_body_to_mutate()
    {
        var writes = ContractOperations.JsonWrites.Select(o => o.Key).ToList();

        Assert.That(writes, Has.Count.GreaterThanOrEqualTo(16), "the contract reader finds the JSON writes");
        Assert.That(writes.Except(ValidBodies.Operations), Is.Empty, "JSON writes without a valid body in ValidBodies");
        Assert.That(ValidBodies.Operations.Except(writes), Is.Empty, "valid bodies for operations the contract no longer has");
    }

    [TestCaseSource(nameof(Writes))]
    public Task A_mutated_write_never_gets_a_500_and_a_refused_one_saves_nothing(string operation) => MutateAsync(operation);
}
