using System.Security.Cryptography;
using Cms.Api.Data;
using Cms.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cms.Api.Features.Media;

/// <summary>An upload as received, in a temporary file, with the hash of its bytes.</summary>
public sealed record StagedUpload(string TempPath, ImageFormat Format, long ByteSize, string OriginalSha256);

/// <summary>The copy that will be served, written and measured, not yet in its place.</summary>
public sealed record PreparedMedia(string StorageName, string TempPath, int Width, int Height, long ByteSize, string Sha256, string? OriginalStorageName);

/// <summary>The files of the media folder: uploads staged, decoded, moved into place and deleted. Files are named by the server (random names, sharded by their first two characters);
/// a client's file name never becomes part of a path. Served copies live in the folder itself, kept uploads in
/// originals/, resized variants in variants/, work in progress in dot-files that a start-up sweep removes.</summary>
public sealed class MediaFileStore(DbLocation location, IOptions<CmsOptions> options)
{
    /// <summary>The rendered variants on disk, bounded by Cms:Media:VariantCacheMegabytes.</summary>
    public VariantCache Variants { get; } = new(Path.Combine(location.MediaDirectory, MediaFolder.VariantsFolder),
        (long)(options.Value.Media.VariantCacheMegabytes * 1024 * 1024));

    public string PathOf(string storageName) => Path.Combine(location.MediaDirectory, storageName);

    public string VariantDirectory(string storageName) => MediaFolder.FullPath(location.MediaDirectory, MediaFolder.VariantSetOf(storageName));

    public string NewTempPath() => Path.Combine(location.MediaDirectory, $"{MediaFolder.TempPrefix}{Guid.NewGuid():N}");

    /// <summary>Streams the upload to a temporary file while hashing it, then checks by its first bytes what it is.</summary>
    public async Task<StagedUpload> StageAsync(Stream content, CancellationToken ct)
    {
        Directory.CreateDirectory(location.MediaDirectory);
        var tempPath = NewTempPath();
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
            }

            var format = ImageInspector.Sniff(head.AsSpan(0, headLength)) ?? throw new ApiProblemException(
                ProblemTypes.UnsupportedMediaType,
                "The file is not a JPEG, PNG, GIF, WebP or AVIF image (its type is read from its bytes, not its name).",
                new Dictionary<string, string[]> { ["file"] = ["Only JPEG, PNG, GIF, WebP and AVIF images can be uploaded."] });
            return new StagedUpload(tempPath, format, size, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Decodes the upload and writes the copy to serve (upright, no metadata), as a temporary file.</summary>
    public PreparedMedia Prepare(StagedUpload staged)
    {
        var cleanPath = NewTempPath();
        try
        {
            var image = ImageProcessor.Clean(staged.TempPath, staged.Format, cleanPath, options.Value.Media.MaxImagePixels);
            using var file = File.OpenRead(cleanPath);
            var sha = Convert.ToHexStringLower(SHA256.HashData(file));
            var name = Guid.NewGuid().ToString("N");
            return new PreparedMedia($"{name[..2]}/{name}{staged.Format.Extension}", cleanPath, image.Width, image.Height, file.Length, sha,
                options.Value.Media.KeepOriginals ? $"originals/{name[..2]}/{name}{staged.Format.Extension}" : null);
        }
        catch
        {
            TryDelete(cleanPath);
            throw;
        }
    }

    /// <summary>Moves the prepared files to their names (a rename within one folder tree is atomic); the upload itself is
    /// kept only when configured.</summary>
    public void Commit(PreparedMedia prepared, StagedUpload staged)
    {
        DurableFiles.MoveInto(prepared.TempPath, PathOf(prepared.StorageName));
        if (prepared.OriginalStorageName is { } original) { DurableFiles.MoveInto(staged.TempPath, PathOf(original)); }
        else { TryDelete(staged.TempPath); }
    }

    public void Discard(StagedUpload staged, PreparedMedia? prepared = null)
    {
        TryDelete(staged.TempPath);
        if (prepared is null) { return; }
        TryDelete(prepared.TempPath);
        TryDelete(PathOf(prepared.StorageName));
        if (prepared.OriginalStorageName is { } original) { TryDelete(PathOf(original)); }
    }

    /// <summary>Removes a served file with all its variants, and a kept upload.</summary>
    public void Delete(string storageName, string? originalStorageName)
    {
        TryDelete(PathOf(storageName));
        if (originalStorageName is not null) { TryDelete(PathOf(originalStorageName)); }
        Variants.ForgetFolder(VariantDirectory(storageName));
        try { Directory.Delete(VariantDirectory(storageName), recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
