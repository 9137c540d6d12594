using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Infrastructure;

/// <summary>A rule checked against the database failed (a taken slug, a missing reference, a row still in use).
/// Thrown inside the write transaction, so nothing of the request is saved; answered as a problem document.</summary>
public sealed class ApiProblemException(int status, string detail, IDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    public static ApiProblemException Conflict(string field, string message) =>
        new(StatusCodes.Status409Conflict, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblemException Unprocessable(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status422UnprocessableEntity,
            errors.Count == 1 ? errors.Values.First()[0] : "Some referenced records do not exist; see errors.", errors);
}

public static class SqliteErrors
{
    const int UniqueConstraint = 2067;
    const int PrimaryKeyConstraint = 1555;

    public static bool IsUniqueViolation(this SqliteException ex) =>
        ex.SqliteExtendedErrorCode is UniqueConstraint or PrimaryKeyConstraint;

    /// <summary>Runs a write whose unique constraint is the rule (a slug, an id), answering a violation as 409.</summary>
    public static async Task<T> ConflictOnDuplicate<T>(Func<Task<T>> write, string field, string message)
    {
        try
        {
            return await write();
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            throw ApiProblemException.Conflict(field, message);
        }
    }
}

public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var ctx = httpContext;
        var ct = cancellationToken;
        switch (exception)
        {
            case ApiProblemException problem:
                await Problems.WriteAsync(ctx, problem.Status, problem.Message, problem.Errors, ct);
                return true;
            case SqliteException { SqliteErrorCode: 5 or 6 }:
                ctx.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(ctx, StatusCodes.Status503ServiceUnavailable,
                    "The database is busy; retry the request in a moment.", null, ct);
                return true;
            case BadHttpRequestException bad:
                await Problems.WriteAsync(ctx, bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than this endpoint accepts." : "The request could not be read.", null, ct);
                return true;
            default:
                log.LogError(exception, "Unhandled exception for {Method} {Path} ({TraceId})", ctx.Request.Method, ctx.Request.Path, ctx.TraceIdentifier);
                await Problems.WriteAsync(ctx, StatusCodes.Status500InternalServerError,
                    "The server failed to handle this request. It has been logged; quote the traceId when reporting it.", null, ct);
                return true;
        }
    }
}
