using Cms.Api.Tests.Contract;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests;

/// <summary>Runs once around every fixture of the assembly (a set-up fixture covers its namespace and those below it,
/// so it lives at the root): when the run ends, the hosts stop and their temporary data directories go, and the contract
/// validation of every response received says what it counted and found.</summary>
[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public async Task StopHosts()
    {
        var stopped = await TestHosts.StopAll();
        await TestContext.Progress.WriteLineAsync($"Stopped {stopped} test hosts.");
        var report = ContractValidation.WriteReport();
        await TestContext.Progress.WriteLineAsync(ContractValidation.Summary());
        if (ContractValidation.ViolationSummary() is { Length: > 0 } violations)
        {
            await TestContext.Progress.WriteLineAsync($"{violations}{Environment.NewLine}Every violation: {report}");
        }
    }
}
