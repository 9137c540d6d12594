namespace Cms.Api.Tests.Infrastructure;

/// <summary>Sends "If-Match: *" on changes that carry no If-Match of their own. Most tests are about something else
/// than lost updates; the precondition tests use a client without this handler or set the header themselves.</summary>
public sealed class IfMatchAnyHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if ((request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch || request.Method == HttpMethod.Delete) &&
            request.Headers.IfMatch.Count == 0 && !request.Headers.Contains("If-Match"))
        {
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }
        return base.SendAsync(request, cancellationToken);
    }
}
