using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cms.Api.Tests.Reliability;

namespace Cms.Api.Tests.Contract;

/// <summary>How a response that breaks the contract is treated: strict fails the test that received it; report only
/// records it (a file in the test results directory and a summary at the end of the run); off checks nothing (to
/// measure what checking costs).</summary>
public enum ContractValidationMode
{
    Strict,
    Report,
    Off,
}

/// <summary>Every response the suite receives from a test host, checked against the committed openapi.yaml (see
/// <see cref="ContractValidatingHandler"/>), counted per operation and status, and each violation recorded with the test
/// that received it.</summary>
public static partial class ContractValidation
{
    /// <summary>The one switch: <c>CMS_CONTRACT_VALIDATION=strict|report|off</c>, else this default.</summary>
    const ContractValidationMode DefaultMode = ContractValidationMode.Strict;

    public const string ReportFileName = "contract-violations.tsv";

    static readonly Lazy<ResponseValidator> Committed = new(() => new ResponseValidator(OpenApiContract.Load(ContractOperations.CommittedPath())));
    static readonly ConcurrentDictionary<(string Operation, string Status), int> Validated = new();
    static readonly ConcurrentQueue<(ContractViolation Violation, string Test)> Violations = new();
    static readonly ConcurrentDictionary<string, int> PerTest = new(StringComparer.Ordinal);
    static long outside;
    static long elapsedTicks;
    static long readingTicks;

    public static ContractValidationMode Mode { get; } =
        Environment.GetEnvironmentVariable("CMS_CONTRACT_VALIDATION")?.Trim().ToLowerInvariant() switch
        {
            "strict" => ContractValidationMode.Strict,
            "report" => ContractValidationMode.Report,
            "off" => ContractValidationMode.Off,
            _ => DefaultMode,
        };

    public static ResponseValidator Validator => Committed.Value;

    /// <summary>Checks one response, counts it under its operation, status and test, and records what is wrong.</summary>
    public static IReadOnlyList<ContractViolation> Observe(ObservedResponse response, TimeSpan spentReading)
    {
        var started = Stopwatch.GetTimestamp();
        var check = Validator.Check(response);
        Interlocked.Add(ref elapsedTicks, Stopwatch.GetElapsedTime(started).Ticks);
        Interlocked.Add(ref readingTicks, spentReading.Ticks);
        var test = TestContext.CurrentContext.Test.FullName;
        PerTest.AddOrUpdate(test, 1, (_, n) => n + 1);
        if (check.Operation is null) { Interlocked.Increment(ref outside); }
        else { Validated.AddOrUpdate((check.Operation.Key, check.StatusKey), 1, (_, n) => n + 1); }
        foreach (var violation in check.Violations) { Violations.Enqueue((violation, test)); }
        return check.Violations;
    }

    /// <summary>How many responses the test with this full name received through a validating client.</summary>
    public static int ObservedBy(string test) => PerTest.GetValueOrDefault(test);

    /// <summary>The line printed at the end of the run.</summary>
    public static string Summary()
    {
        if (Mode == ContractValidationMode.Off) { return "Contract validation was off (CMS_CONTRACT_VALIDATION=off)."; }
        var responses = Validated.Values.Sum();
        var operations = Validated.Keys.Select(k => k.Operation).Distinct().Count();
        return string.Format(CultureInfo.InvariantCulture,
            "Validated {0:N0} responses against openapi.yaml ({1} operations, {2} operation/status pairs), {3:N0} more outside it; {4:N0} violations ({5} mode). " +
            "Cost: {6:N0} ms evaluating schemas, {7:N0} ms in the validator, {8:N0} ms buffering and decoding bodies.",
            responses, operations, Validated.Count, Interlocked.Read(ref outside), Violations.Count, Mode.ToString().ToLowerInvariant(),
            OpenApiContract.EvaluationTime.TotalMilliseconds, TimeSpan.FromTicks(Interlocked.Read(ref elapsedTicks)).TotalMilliseconds,
            TimeSpan.FromTicks(Interlocked.Read(ref readingTicks)).TotalMilliseconds);
    }

    /// <summary>A violation without what varies between responses of one kind: the array indices of its first mismatch.</summary>
    static string Signature(ContractViolation violation) =>
        ArrayIndex().Replace($"{violation.Operation} answered {violation.Status}: {violation.Kind}: {violation.Message.Split("; ")[0]}", "[*]");

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex ArrayIndex();

    /// <summary>The violations per kind and the most frequent distinct ones with the tests that hit them.</summary>
    public static string ViolationSummary(int top = 15)
    {
        var all = Violations.ToList();
        if (all.Count == 0) { return ""; }
        var text = new StringBuilder("Contract violations per kind:");
        foreach (var kind in all.GroupBy(v => v.Violation.Kind).OrderByDescending(g => g.Count()))
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {kind.Count(),6:N0}  {kind.Key}");
        }
        text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}The {top} most frequent:");
        foreach (var distinct in all.GroupBy(v => Signature(v.Violation)).OrderByDescending(g => g.Count()).Take(top))
        {
            var tests = distinct.Select(v => v.Test[(v.Test.LastIndexOf('.', v.Test.IndexOf('(', StringComparison.Ordinal) is var p and >= 0 ? p : v.Test.Length - 1) + 1)..])
                .Distinct().ToList();
            text.Append(CultureInfo.InvariantCulture,
                $"{Environment.NewLine}  {distinct.Count(),6:N0}  {distinct.Key}{Environment.NewLine}          tests ({tests.Count}): {string.Join(", ", tests.Take(4))}{(tests.Count > 4 ? ", …" : "")}");
        }
        return text.ToString();
    }

    /// <summary>Every violation, one a line (kind, operation, status, test, message), and the count per operation and
    /// status, in the test results directory (Api.Tests/TestResults, or CMS_TEST_RESULTS).</summary>
    public static string WriteReport()
    {
        var directory = Environment.GetEnvironmentVariable("CMS_TEST_RESULTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetDirectoryName(ContractOperations.CommittedPath())!, "Api.Tests", "TestResults");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, ReportFileName);
        var lines = new List<string> { "kind\toperation\tstatus\ttest\tmessage" };
        lines.AddRange(Violations.Select(v => string.Join('\t', v.Violation.Kind, v.Violation.Operation,
            v.Violation.Status.ToString(CultureInfo.InvariantCulture), v.Test, v.Violation.Message.ReplaceLineEndings(" "))));
        File.WriteAllLines(path, lines);
        File.WriteAllLines(Path.Combine(directory, "contract-coverage.tsv"),
            Validated.OrderBy(v => v.Key.Operation, StringComparer.Ordinal).ThenBy(v => v.Key.Status, StringComparer.Ordinal)
                .Select(v => $"{v.Key.Operation}\t{v.Key.Status}\t{v.Value}").Prepend("operation\tstatus\tresponses"));
        return path;
    }
}
