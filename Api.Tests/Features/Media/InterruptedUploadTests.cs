using System.Net.Http.Headers;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Features.Media;

/// <summary>A client that stops sending in the middle of an upload (a phone losing its signal) leaves nothing behind.
/// The API listens on a real socket here, so a broken connection is what the server sees; the host tells the tests when
/// it has finished with each upload, so they look at the disk only then.</summary>
public sealed class InterruptedUploadTests : MediaFixture
{
    const int SentBeforeStopping = 1024 * 1024;

    readonly UploadsFinished finished = new();

    protected override bool OverTheNetwork => true;

    protected override void ConfigureHost(IWebHostBuilder builder) =>
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(finished));

    [Test]
    public async Task An_upload_whose_connection_breaks_midway_leaves_no_medium_and_no_file()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();
        using var staging = new StagingWatcher(MediaDirectory);
        var body = new StoppingStream(MediaBytes.PaddedTo(TestPhotos.Unique(), 4 * SentBeforeStopping), SentBeforeStopping, staging,
            () => throw new IOException("The phone lost its signal."));
        var done = finished.Next();

        var sending = await SendAsync(body, CancellationToken.None);

        await done.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.That(body.StoppedWhileStaging, Is.True, "the upload was being written to a temporary file when the connection broke");
        Assert.That(sending, Is.Null, "the client got no response");
        Assert.That(MediaFiles(), Is.EquivalentTo(files));
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(media));
    }

    [Test]
    public async Task An_upload_the_client_cancels_midway_leaves_no_medium_and_no_file()
    {
        var media = await AllMediaIdsAsync();
        var files = MediaFiles();
        using var cancel = new CancellationTokenSource();
        using var staging = new StagingWatcher(MediaDirectory);
        var body = new StoppingStream(MediaBytes.PaddedTo(TestPhotos.Unique(), 4 * SentBeforeStopping), SentBeforeStopping, staging,
            () =>
            {
                cancel.Cancel();
                cancel.Token.ThrowIfCancellationRequested();
            });
        var done = finished.Next();

        var sending = await SendAsync(body, cancel.Token);

        await done.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.That(body.StoppedWhileStaging, Is.True, "the upload was being written to a temporary file when the client cancelled");
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
            using var res = await Admin.PostAsync(ApiRoutes.For(UploadMediaRequest.Route), form, ct);
            return res.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Gives its bytes up to a point, waits there until the server is writing the upload to a temporary file,
    /// then stops the way it is told.</summary>
    sealed class StoppingStream(byte[] bytes, int stopAt, StagingWatcher staging, Action stop) : Stream
    {
        int position;

        public bool StoppedWhileStaging { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position >= stopAt)
            {
                StoppedWhileStaging = staging.Started.Wait(TimeSpan.FromMinutes(1));
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

    /// <summary>Tells when a temporary file appears in the media folder: the server has started writing an upload.</summary>
    sealed class StagingWatcher : IDisposable
    {
        readonly FileSystemWatcher watcher;
        readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StagingWatcher(string mediaDirectory)
        {
            watcher = new FileSystemWatcher(mediaDirectory, ".tmp-*");
            watcher.Created += (_, _) => started.TrySetResult();
            watcher.EnableRaisingEvents = true;
        }

        public Task Started => started.Task;

        public void Dispose() => watcher.Dispose();
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
                    if (HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path == ApiRoutes.For(UploadMediaRequest.Route))
                    {
                        Interlocked.Exchange(ref waiting, null)?.TrySetResult();
                    }
                }
            });
            next(app);
        };
    }
}
