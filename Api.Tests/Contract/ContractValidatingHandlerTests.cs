using System.Net;
using System.Text;
using Cms.Api.Features.Stations;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Contract;

/// <summary>Every client the suite makes against a test host checks what it receives, and in strict mode a response
/// that breaks the contract fails the test that received it.</summary>
public sealed class ContractValidatingHandlerTests : ApiFixture
{
    /// <summary>Answers every request with a status the contract documents for no operation.</summary>
    sealed class UndocumentedAnswer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage((HttpStatusCode)299)
            {
                RequestMessage = request,
                Content = new StringContent("""{"items": []}""", Encoding.UTF8, "application/json"),
            });
    }

    static HttpClient Over(ContractValidationMode mode) =>
        new(new ContractValidatingHandler(mode, (response, _) => ContractValidation.Validator.Check(response).Violations)
        {
            InnerHandler = new UndocumentedAnswer(),
        })
        { BaseAddress = new Uri("http://localhost") };

    [SetUp]
    public void ValidationIsOn() => Assume.That(ContractValidation.Mode, Is.Not.EqualTo(ContractValidationMode.Off), "CMS_CONTRACT_VALIDATION=off");

    [Test]
    public async Task Every_client_of_a_test_host_checks_each_response_it_receives()
    {
        var test = TestContext.CurrentContext.Test.FullName;
        var url = ApiRoutes.For(ListStationsRequest.Route);
        using var created = Factory.CreateClient();
        using var strict = StrictClientWithKey(CmsFactory.AdminKey);

        foreach (var client in new[] { Anonymous, Admin, created, strict })
        {
            using var res = await client.GetAsync(url);
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(ContractValidation.ObservedBy(test), Is.EqualTo(4));
    }

    [Test]
    public async Task A_client_of_a_host_served_over_the_network_checks_each_response_too()
    {
        var test = TestContext.CurrentContext.Test.FullName;
        var host = await TestHosts.StartAsync(new Dictionary<string, string?>(), kestrel: true);
        using var anonymous = host.CreateClient();
        using var admin = host.CreateDefaultClient(new IfMatchAnyHandler());

        using var listed = await anonymous.GetAsync(ApiRoutes.For(ListStationsRequest.Route));
        using var health = await admin.GetAsync(Cms.Api.Features.Health.GetLivenessEndpoint.Route);

        Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(anonymous.BaseAddress?.IsLoopback, Is.True);
        Assert.That(ContractValidation.ObservedBy(test), Is.EqualTo(2));
    }

    [Test]
    public void In_strict_mode_an_undocumented_status_fails_the_test_that_received_it()
    {
        using var client = Over(ContractValidationMode.Strict);

        var failure = Assert.ThrowsAsync<AssertionException>(() => client.GetAsync(ApiRoutes.For(ListStationsRequest.Route)));

        Assert.That(failure.Message, Does.Contain($"GET {ApiRoutes.Template(ListStationsRequest.Route)} answered 299").And.Contain(ViolationKinds.Status));
    }

    [Test]
    public async Task In_report_mode_the_test_gets_the_response_as_it_came()
    {
        using var client = Over(ContractValidationMode.Report);

        using var res = await client.GetAsync(ApiRoutes.For(ListStationsRequest.Route));

        Assert.That((int)res.StatusCode, Is.EqualTo(299));
        Assert.That(await res.Content.ReadAsStringAsync(), Is.EqualTo("""{"items": []}"""));
    }
}
