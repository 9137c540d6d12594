using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Reliability;

/// <summary>Base of the hostile-input fixtures: an API host of their own and a read-only view of its database, to prove
/// that a refused request saves nothing.</summary>
public abstract class HostileInputFixture : ApiFixture
{
    protected DatabaseFingerprint Database { get; private set; } = null!;

    protected override bool NeedsDatabaseOfItsOwn => true;

    [OneTimeSetUp]
    public void OpenTheDatabase() => Database = new DatabaseFingerprint(Factory.DataDirectory);

    [OneTimeTearDown]
    public void CloseTheDatabase() => Database?.Dispose();
}
