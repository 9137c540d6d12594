using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Media;

/// <summary>A medium is a row and the files it names: this keeps the two in step when an upload is saved or a medium
/// deleted. The SQL is <see cref="MediaRepository"/>'s, the file work <see cref="MediaFileStore"/>'s.</summary>
public sealed class MediaLibrary(MediaRepository media, MediaFileStore files, MediaDeletions deletions)
{
    /// <summary>Records an upload. Identical bytes are stored once: a second upload of them gets a row of its own (its own
    /// alt text, caption, credit and uploader) over the file the first one stored. Otherwise the image is decoded and its
    /// served copy written before the transaction, and moved into place inside it, so a saved row always has its file.
    /// If the file to share is gone by the time the row is written (its last medium was deleted meanwhile), the upload is
    /// stored as new.</summary>
    public async Task<MediaRow> SaveUploadAsync(StagedUpload staged, string fileName, MediaText text, long? uploadedBy, CancellationToken ct)
    {
        PreparedMedia? prepared = null;
        try
        {
            if (await media.FindByOriginalAsync(staged.OriginalSha256, ct) is { } same
                && await media.InsertSharingFileAsync(Medium(FileOf(same)), ct) is { } shared)
            {
                files.Discard(staged);
                return shared;
            }
            prepared = files.Prepare(staged);
            return await media.InsertAsync(Medium(FileOf(prepared, staged)), () => files.Commit(prepared, staged), ct);
        }
        catch
        {
            files.Discard(staged, prepared);
            throw;
        }

        NewMedium Medium(MediaFile file) => new(staged.OriginalSha256, file, fileName, text, uploadedBy);
    }

    /// <returns>False when no medium has this id.</returns>
    public async Task<bool> DeleteAsync(long id, IfMatch ifMatch, CancellationToken ct)
    {
        if (await media.DeleteAsync(id, ifMatch, ct) is not { } removed) { return false; }
        if (!removed.FileStillUsed) { deletions.Run(() => files.Delete(removed.StorageName, removed.OriginalStorageName)); }
        return true;
    }

    static MediaFile FileOf(MediaRow same) =>
        new(same.StorageName, same.OriginalStorageName, same.ContentType, same.ByteSize, same.Sha256, same.Width, same.Height);

    static MediaFile FileOf(PreparedMedia prepared, StagedUpload staged) =>
        new(prepared.StorageName, prepared.OriginalStorageName, staged.Format.ContentType, prepared.ByteSize, prepared.Sha256, prepared.Width, prepared.Height);
}
