using FastEndpoints;

namespace Cms.Api.Features.Health;

public sealed class LivenessResponse
{
    public required string Status { get; init; }
}

/// <summary>Answers while the process runs, without touching the database: for liveness probes, and the benchmark's
/// baseline of what the HTTP stack alone costs.</summary>
public sealed class GetLivenessEndpoint : EndpointWithoutRequest<LivenessResponse>
{
    public const string Route = "/health/live";

    static readonly LivenessResponse Alive = new() { Status = "alive" };

    public override void Configure()
    {
        Get(Route);
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Tags("Health");
        Summary(s => s.Summary = "200 while the process is up (no database access)");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        HttpContext.Response.Headers.CacheControl = "no-store";
        return Send.OkAsync(Alive, ct);
    }
}
