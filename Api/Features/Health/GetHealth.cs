using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Health;

public sealed class HealthResponse
{
    public required string Status { get; init; }
    public required DateTime CheckedAt { get; init; }
}

public sealed class GetHealthEndpoint(HealthRepository health, TimeProvider clock, ILogger<GetHealthEndpoint> log)
    : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health");
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Tags("Health");
        Summary(s => s.Summary = "200 when the API can read and write its database, else 503");
        Description(b => b.ProducesProblems(503));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        HttpContext.Response.Headers.CacheControl = "no-store";
        try
        {
            if (await health.CanReadAndWriteAsync(ct))
            {
                await Send.OkAsync(new HealthResponse { Status = "ok", CheckedAt = clock.GetUtcNow().UtcDateTime }, ct);
                return;
            }
        }
        catch (SqliteException ex)
        {
            log.LogWarning(ex, "Health check failed");
        }
        await this.SendProblemAsync(503, "The database cannot be read or written.", ct);
    }
}
