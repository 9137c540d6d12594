using System.Security.Cryptography;
using Cms.Api.Data;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Media;

public static class MediaLimits
{
    /// <summary>Room for multipart boundaries and the small text fields sent beside the file.</summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    public const long MaxImagePixels = 100_000_000;
}

/// <summary>An upload written to a temporary file and checked, not yet in its final place.</summary>
public sealed record StagedUpload(string TempPath, string StorageName, ImageInfo Image, long ByteSize, string Sha256);

/// <summary>The media folder. Files are named by the server (random names, sharded by their first two characters);
/// a client's file name never becomes part of a path.</summary>
public sealed class MediaStore(DbLocation location)
{
    public string PathOf(string storageName) => Path.Combine(location.MediaDirectory, storageName);

    /// <summary>Streams the upload to a temporary file while hashing it, then checks what it is.</summary>
    public async Task<StagedUpload> StageAsync(Stream content, CancellationToken ct)
    {
        Directory.CreateDirectory(location.MediaDirectory);
        var tempPath = Path.Combine(location.MediaDirectory, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            long size = 0;
            var head = new byte[ImageInspector.SniffLength];
            var headLength = 0;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    if (headLength < head.Length)
                    {
                        var n = Math.Min(read, head.Length - headLength);
                        buffer.AsSpan(0, n).CopyTo(head.AsSpan(headLength));
                        headLength += n;
                    }
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                }
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }

            var format = ImageInspector.Sniff(head.AsSpan(0, headLength)) ?? throw new ApiProblemException(
                StatusCodes.Status415UnsupportedMediaType,
                "The file is not a JPEG, PNG, GIF or WebP image (its type is read from its bytes, not its name).",
                new Dictionary<string, string[]> { ["file"] = ["Only JPEG, PNG, GIF and WebP images can be uploaded."] });

            var check = ImageInspector.Check(tempPath, MediaLimits.MaxImagePixels);
            if (check.TooManyPixels)
            {
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity,
                    $"The image declares {check.Width}×{check.Height} pixels, more than the {MediaLimits.MaxImagePixels:N0} allowed.",
                    new Dictionary<string, string[]> { ["file"] = ["The image has too many pixels."] });
            }
            if (!check.IsReadable) { throw Unreadable(format); }

            var name = Guid.NewGuid().ToString("N");
            return new StagedUpload(tempPath, $"{name[..2]}/{name}{format.Extension}",
                new ImageInfo(format, check.Width, check.Height), size, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Moves a staged upload to its final name; rename within one folder tree is atomic.</summary>
    public void Commit(StagedUpload staged)
    {
        var target = PathOf(staged.StorageName);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(staged.TempPath, target);
    }

    public void Discard(StagedUpload staged)
    {
        TryDelete(staged.TempPath);
        TryDelete(PathOf(staged.StorageName));
    }

    public void Delete(string storageName) => TryDelete(PathOf(storageName));

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    static ApiProblemException Unreadable(ImageFormat format) => new(StatusCodes.Status422UnprocessableEntity,
        $"The file starts like {format.ContentType} but cannot be read as one; it may be truncated or corrupt.",
        new Dictionary<string, string[]> { ["file"] = ["The image is truncated or corrupt."] });
}
