using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Health;

public sealed class HealthResponse
{
    public required string Status { get; init; }
    public required DateTime CheckedAt { get; init; }
}

public sealed class GetHealthEndpoint(ReadinessProbe probe, TimeProvider clock)
    : EndpointWithoutRequest<HealthResponse>
{
    public const string Route = "/health";

    public override void Configure()
    {
        Get(Route);
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Tags("Health");
        Summary(s => s.Summary = "The overall check: 200 when the API can read and write its database and media folder, else 503");
        Description(b => b.ProducesProblems(503));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        HttpContext.Response.Headers.CacheControl = "no-store";
        var readiness = await probe.CheckAsync(ct);
        if (readiness.Ready)
        {
            await Send.OkAsync(new HealthResponse { Status = "ok", CheckedAt = clock.GetUtcNow().UtcDateTime }, ct);
            return;
        }
        await this.SendProblemAsync(ProblemTypes.Unavailable, readiness.Reasons, ct);
    }
}
