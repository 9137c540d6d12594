using System.Text;
using Cms.Api.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Cms.Api.Features.Media;

/// <summary>The parts of an upload: the staged file (if one was sent), its name as the client gave it, and the text fields.</summary>
public sealed record UploadForm(StagedUpload? File, string? FileName, IReadOnlyDictionary<string, string> Fields);

/// <summary>Reads a multipart upload as it arrives: the file part streams through hashing and type checks into a
/// temporary file and stops with 413 at the first byte over the limit. Whatever fails, the temporary file is removed.</summary>
public static class MultipartUpload
{
    public const string FileField = "file";
    const int MaxFieldBytes = 8 * 1024;
    const int MaxParts = 16;

    public static async Task<UploadForm> ReadAsync(HttpRequest request, MediaFileStore files, long maxFileBytes, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new ApiProblemException(ProblemTypes.UnsupportedMediaType,
                "Send the upload as multipart/form-data with the image in the field 'file'.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        StagedUpload? staged = null;
        string? fileName = null;
        try
        {
            for (var parts = 1; await reader.ReadNextSectionAsync(ct) is { } section; parts++)
            {
                if (parts > MaxParts) { throw Malformed($"The form has more than {MaxParts} parts."); }
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) { continue; }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;

                if (disposition.IsFileDisposition() && name.Equals(FileField, StringComparison.OrdinalIgnoreCase))
                {
                    if (staged is not null) { throw Malformed("Send one file per upload."); }
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    staged = await files.StageAsync(new LimitedStream(section.Body, maxFileBytes, () => new ApiProblemException(
                        ProblemTypes.BodyTooLarge, $"The file is larger than the limit of {maxFileBytes:N0} bytes.",
                        new Dictionary<string, string[]> { [FileField] = [$"The file must be at most {maxFileBytes:N0} bytes."] })), ct);
                }
                else if (disposition.IsFormDisposition())
                {
                    using var text = new StreamReader(new LimitedStream(section.Body, MaxFieldBytes, () => new ApiProblemException(
                        ProblemTypes.ValidationFailed, $"The field '{name}' is too long.",
                        new Dictionary<string, string[]> { [name] = [$"{name} must be at most {MaxFieldBytes:N0} bytes."] })), Encoding.UTF8);
                    fields[name] = await text.ReadToEndAsync(ct);
                }
            }
        }
        // A broken body is the client's; a disk that is full or read-only is the server's (507/503, not 400).
        catch (Exception ex) when (ex is InvalidDataException
                                   || (ex is IOException && ex is not BadHttpRequestException && !ct.IsCancellationRequested && StorageFailures.Classify(ex) is null))
        {
            if (staged is not null) { files.Discard(staged); }
            throw Malformed("The multipart body is malformed or incomplete.");
        }
        catch
        {
            if (staged is not null) { files.Discard(staged); }
            throw;
        }
        return new UploadForm(staged, fileName, fields);
    }

    static ApiProblemException Malformed(string detail) => new(ProblemTypes.MalformedRequest, detail);

    /// <summary>Passes reads through and fails as soon as more than the limit has been read.</summary>
    sealed class LimitedStream(Stream inner, long limit, Func<Exception> tooLarge) : Stream
    {
        long read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            read += n;
            return read > limit ? throw tooLarge() : n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Uploads are read asynchronously.");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
