using System.Net;
using System.Text.Json.Nodes;
using Cms.Api.Features.Articles;
using Cms.Api.Infrastructure;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cms.Api.Tests.Faults;

/// <summary>A full disk and storage that cannot be written are told from bugs, in SQLite's and the file system's terms,
/// and answered 507 / 503 with Retry-After and a problem a person understands. (The scripts in bench/faults cause the
/// real conditions on a tmpfs.)</summary>
public sealed class StorageFailureTests
{
    [TestCase(13, StorageFailure.Full)]
    [TestCase(8, StorageFailure.Unwritable)]
    [TestCase(10, StorageFailure.Unwritable)]
    public void SQLite_errors_of_the_storage_are_storage_failures(int code, StorageFailure expected) =>
        Assert.That(StorageFailures.Classify(new SqliteException("disk", code)), Is.EqualTo(expected));

    [TestCase(1)]
    [TestCase(19)]
    [TestCase(14)]
    public void Other_SQLite_errors_are_not(int code) =>
        Assert.That(StorageFailures.Classify(new SqliteException("other", code)), Is.Null);

    [TestCase(28, StorageFailure.Full)]
    [TestCase(122, StorageFailure.Full)]
    [TestCase(30, StorageFailure.Unwritable)]
    [TestCase(5, StorageFailure.Unwritable)]
    public void File_system_errors_are_told_apart_by_their_errno(int errno, StorageFailure expected) =>
        Assert.That(StorageFailures.Classify(new IOException("io", errno)), Is.EqualTo(expected));

    [Test]
    public void A_native_library_that_could_not_write_is_told_by_the_C_library_words()
    {
        Assert.That(StorageFailures.Classify(new InvalidOperationException("unable to write to target\nwrite: No space left on device")),
            Is.EqualTo(StorageFailure.Full));
        Assert.That(StorageFailures.Classify(new InvalidOperationException("jpegsave: Read-only file system")), Is.EqualTo(StorageFailure.Unwritable));
    }

    [Test]
    public void A_missing_file_or_a_bug_is_not_a_storage_failure()
    {
        Assert.That(StorageFailures.Classify(new FileNotFoundException("gone")), Is.Null);
        Assert.That(StorageFailures.Classify(new InvalidOperationException("bug")), Is.Null);
        Assert.That(StorageFailures.Classify(new AggregateException(new IOException("No space left on device"))), Is.EqualTo(StorageFailure.Full));
    }

    [Test]
    public async Task A_full_disk_is_a_507_problem_with_Retry_After()
    {
        var (status, retryAfter, problem) = await HandleAsync(new SqliteException("database or disk is full", 13));

        Assert.That(status, Is.EqualTo(507));
        Assert.That(retryAfter, Is.EqualTo("30"));
        Assert.That((int)problem["status"]!, Is.EqualTo(507));
        Assert.That((string?)problem["type"], Is.EqualTo(ProblemTypes.StorageFull.Uri));
        Assert.That((string?)problem["detail"], Does.Contain("storage is full").And.Contain("nothing was saved"));
        Assert.That(problem.ToJsonString(), Does.Not.Contain("disk is full"), "SQLite's own words stay in the log");
    }

    [Test]
    public async Task A_read_only_file_system_is_a_503_problem_with_Retry_After()
    {
        var (status, retryAfter, problem) = await HandleAsync(new IOException("Read-only file system : '/data/media/x'", 30));

        Assert.That(status, Is.EqualTo(503));
        Assert.That(retryAfter, Is.EqualTo("30"));
        Assert.That((string?)problem["type"], Is.EqualTo(ProblemTypes.Unavailable.Uri));
        Assert.That((string?)problem["detail"], Does.Contain("cannot be written").And.Contain("reads still work"));
        Assert.That(problem.ToJsonString(), Does.Not.Contain("/data/media"));
    }

    static async Task<(int Status, string? RetryAfter, JsonNode Problem)> HandleAsync(Exception exception)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = "POST";
        ctx.Request.Path = ApiRoutes.For(CreateArticleRequest.Route);
        ctx.Response.Body = new MemoryStream();

        var handled = await new ProblemExceptionHandler(NullLogger<ProblemExceptionHandler>.Instance).TryHandleAsync(ctx, exception, CancellationToken.None);

        Assert.That(handled, Is.True);
        Assert.That(ctx.Response.ContentType, Is.EqualTo("application/problem+json"));
        ctx.Response.Body.Position = 0;
        return (ctx.Response.StatusCode, ctx.Response.Headers.RetryAfter.ToString(), JsonNode.Parse(ctx.Response.Body)!);
    }
}
