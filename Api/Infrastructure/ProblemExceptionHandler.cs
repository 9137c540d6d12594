using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Infrastructure;

/// <summary>Turns exceptions into problem documents: rule failures keep their status, a busy database is 503, a full
/// disk 507, storage that cannot be written 503, anything unexpected a logged 500 without internals.</summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    /// <summary>The status logs and the audit trail record for a request whose client disconnected (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var ctx = httpContext;
        var ct = cancellationToken;
        if (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away (it hung up mid-upload, or gave up waiting): nobody is left to answer, nothing failed here.
            log.LogInformation("The client of {Method} {Path} disconnected before it was answered ({Exception}).",
                ctx.Request.Method, ctx.Request.Path, exception.GetType().Name);
            if (!ctx.Response.HasStarted) { ctx.Response.StatusCode = ClientClosedRequest; }
            return true;
        }
        switch (exception)
        {
            case ApiProblemException problem:
                await Problems.WriteAsync(ctx, problem.Type, problem.Message, problem.Errors, ct);
                return true;
            case SqliteException { SqliteErrorCode: 5 or 6 }:
                ctx.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(ctx, ProblemTypes.Unavailable,
                    "The database is busy; retry the request in a moment.", null, ct);
                return true;
            case var storage when StorageFailures.Classify(storage) is { } failure:
                log.LogError(exception, "Storage failure for {Method} {Path}: {Failure}", ctx.Request.Method, ctx.Request.Path, failure);
                ctx.Response.Headers.RetryAfter = "30";
                await Problems.WriteAsync(ctx, failure == StorageFailure.Full ? ProblemTypes.StorageFull : ProblemTypes.Unavailable,
                    failure == StorageFailure.Full
                        ? "The server's storage is full, so nothing was saved; reads still work. Retry once space has been freed."
                        : "The server's storage cannot be written now, so nothing was saved; reads still work. Retry later.", null, ct);
                return true;
            case BadHttpRequestException bad:
                await Problems.WriteAsync(ctx, Problems.ForStatus(ctx, bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than this endpoint accepts." : "The request could not be read."), ct);
                return true;
            default:
                log.LogError(exception, "Unhandled exception for {Method} {Path} ({TraceId})", ctx.Request.Method, ctx.Request.Path, ctx.TraceIdentifier);
                await Problems.WriteAsync(ctx, ProblemTypes.ServerError,
                    "The server failed to handle this request. It has been logged; quote the traceId when reporting it.", null, ct);
                return true;
        }
    }

}
