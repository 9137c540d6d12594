using System.Net.Http.Headers;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Features.Media;

/// <summary>A client that stops sending in the middle of an upload (a phone losing its signal) leaves nothing behind.
/// The host tells the tests when it has finished with each upload, so they look at the disk only then.</summary>
public sealed class InterruptedUploadTests : MediaFixture
{
    const int SentBeforeStopping = 1024 * 1024;

    readonly UploadsFinished finished = new();

    protected override void ConfigureHost(IWebHostBuilder builder) =>
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(finished));

    [Test]
    public async Task An_upload_the_client_cancels_midway_leaves_no_medium_and_no_file()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();
        using var cancel = new CancellationTokenSource();
        var body = new StoppingStream(MediaBytes.PaddedTo(TestPhotos.Unique(), 4 * SentBeforeStopping), SentBeforeStopping,
            () =>
            {
                cancel.Cancel();
                cancel.Token.ThrowIfCancellationRequested();
            }, MediaFiles);
        var done = finished.Next();

        var sending = await SendAsync(body, cancel.Token);

        await done.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.That(body.FilesWhenStopped, Has.Some.Contains(Path.DirectorySeparatorChar + ".tmp-"),
            "the upload was being written to a temporary file when the client cancelled");
        Assert.That(sending, Is.Null, "the client gave up and got no response");
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
    }

    /// <returns>The status the client got, or null when sending failed on its side.</returns>
    async Task<System.Net.HttpStatusCode?> SendAsync(Stream file, CancellationToken ct)
    {
        var part = new StreamContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var form = new MultipartFormDataContent { { part, "file", "mmexport1704177120277.jpg" } };
        try
        {
            using var res = await Admin.PostAsync("/api/v1/media", form, ct);
            return res.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Gives its bytes up to a point, notes which media files exist then, and stops the way it is told.</summary>
    sealed class StoppingStream(byte[] bytes, int stopAt, Action stop, Func<IReadOnlyList<string>> files) : Stream
    {
        int position;

        public IReadOnlyList<string> FilesWhenStopped { get; private set; } = [];

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position >= stopAt)
            {
                FilesWhenStopped = files();
                stop();
            }
            var n = Math.Min(count, stopAt - position);
            Array.Copy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => bytes.Length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Completes a task when the host has finished handling the next upload, whatever its outcome.</summary>
    sealed class UploadsFinished : IStartupFilter
    {
        TaskCompletionSource? waiting;

        public Task Next()
        {
            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref waiting, next);
            return next.Task;
        }

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (ctx, inner) =>
            {
                try
                {
                    await inner(ctx);
                }
                finally
                {
                    if (HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path == "/api/v1/media")
                    {
                        Interlocked.Exchange(ref waiting, null)?.TrySetResult();
                    }
                }
            });
            next(app);
        };
    }
}
