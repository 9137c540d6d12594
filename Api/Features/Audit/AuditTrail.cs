using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Features.Audit;

/// <summary>Records every write made with a valid key after it is answered: who (key, role), what (method, path,
/// operation), when, and the outcome (status), refused ones included. A write without a valid key (401) or refused by
/// the rate limiter (429) writes nothing, so no one can fill the disk by sending them (it is logged at debug level).
/// The stored path and query are bounded and credential-looking parameters redacted (<see cref="AuditedPath"/>).
/// A failure to record is logged; the answer already given stands.</summary>
public sealed class AuditTrail(RequestDelegate next, AuditRepository audit, ILogger<AuditTrail> log)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        if (!ApiKeyAuthenticationExtensions.IsWrite(ctx.Request.Method))
        {
            await next(ctx);
            return;
        }
        // Read before the request runs: the exception handler clears the endpoint when it answers a failure.
        var operation = ctx.GetEndpoint()?.Metadata.GetMetadata<EndpointDefinition>()?.EndpointType is { } type
            ? FastEndpointsOperationFilter.OperationId(type) : null;
        try
        {
            await next(ctx);
        }
        finally
        {
            await RecordAsync(ctx, operation);
        }
    }

    async Task RecordAsync(HttpContext ctx, string? operation)
    {
        var caller = ctx.Caller();
        if (caller is null || ctx.Response.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            log.LogDebug("Not recorded in the audit log: {Method} {Path} ({Status}) without a valid key or over the rate limit",
                ctx.Request.Method, ctx.Request.Path, ctx.Response.StatusCode);
            return;
        }
        try
        {
            await audit.RecordAsync(new AuditEntry(
                caller.KeyId, caller.KeyName, Caller.RoleName(caller.Role), ctx.Request.Method,
                AuditedPath.Of(ctx.Request.Path, ctx.Request.QueryString), operation,
                ctx.Response.StatusCode, ctx.Connection.RemoteIpAddress?.ToString()), CancellationToken.None);
        }
        catch (SqliteException ex) when (StorageFailures.Classify(ex) is not null)
        {
            // The write itself was refused for the same reason and logged with it; one line here is enough.
            log.LogWarning("Could not record {Method} {Path} ({Status}) in the audit log: {Reason}", ctx.Request.Method, ctx.Request.Path,
                ctx.Response.StatusCode, ex.Message);
        }
        catch (SqliteException ex)
        {
            log.LogError(ex, "Could not record {Method} {Path} ({Status}) in the audit log", ctx.Request.Method, ctx.Request.Path, ctx.Response.StatusCode);
        }
    }
}
