using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Health;

public sealed class ReadinessResponse
{
    public required string Status { get; init; }
    public required string Database { get; init; }
    public required string Media { get; init; }
}

/// <summary>For readiness probes and load balancers: 200 when writes can succeed, 503 naming what cannot be written
/// (reads may still work; <c>/health/live</c> says whether the process runs at all).</summary>
public sealed class GetReadinessEndpoint(ReadinessProbe probe) : EndpointWithoutRequest<ReadinessResponse>
{
    public const string Route = "/health/ready";

    public override void Configure()
    {
        Get(Route);
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Tags("Health");
        Summary(s => s.Summary = "200 when the database and the media folder take writes, else 503 naming which does not");
        Description(b => b.ProducesProblems(503));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        HttpContext.Response.Headers.CacheControl = "no-store";
        var readiness = await probe.CheckAsync(ct);
        if (readiness.Ready)
        {
            await Send.OkAsync(new ReadinessResponse { Status = "ready", Database = readiness.Database, Media = readiness.Media }, ct);
            return;
        }
        await this.SendProblemAsync(ProblemTypes.Unavailable, "Writes cannot succeed now; reads may still work. " + readiness.Reasons, new Dictionary<string, string[]>
        {
            ["database"] = [readiness.Database],
            ["media"] = [readiness.Media],
        }, ct);
    }
}
