using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Cms.Api.Features.Media;

public sealed class UploadMediaRequest : MediaTextInput
{
    [Description("The image: JPEG, PNG, GIF or WebP, detected from its bytes.")]
    [System.ComponentModel.DataAnnotations.Required]
    public IFormFile? File { get; set; }
}

public sealed class UploadMediaValidator : Validator<UploadMediaRequest>
{
    public UploadMediaValidator()
    {
        RuleFor(x => x.File).NotNull().WithMessage("file is required: send the image as the multipart field 'file'.");
        this.AddMediaTextRules();
    }
}

public sealed class UploadMediaEndpoint(MediaStore store, MediaRepository media, PublicUrls urls, IOptions<CmsOptions> options)
    : Endpoint<UploadMediaRequest, MediaResponse>
{
    public override void Configure()
    {
        Post("/media");
        AllowFileUploads();
        MaxRequestBodySize(options.Value.MaxUploadBytes + MediaLimits.MultipartOverheadBytes);
        Summary(s => s.Summary = "Upload an image as multipart/form-data (field 'file', optional alt, caption, credit)");
        Description(b => b.Produces<MediaResponse>(201).ProducesProblems(413, 415, 422));
    }

    public override async Task HandleAsync(UploadMediaRequest req, CancellationToken ct)
    {
        var file = req.File!;
        if (file.Length > options.Value.MaxUploadBytes)
        {
            await this.SendProblemAsync(413, "file", $"The file is {file.Length:N0} bytes; the limit is {options.Value.MaxUploadBytes:N0}.", ct);
            return;
        }

        await using var content = file.OpenReadStream();
        var staged = await store.StageAsync(content, ct);
        var row = await media.CreateAsync(staged, SafeFileName(file.FileName), req.ToText(), ct);
        await Send.CreatedAtAsync<GetMediaEndpoint>(new { id = row.Id }, MediaResponse.From(row, urls), cancellation: ct);
    }

    /// <summary>Keeps only the last path segment of the client's name, without control characters, for display.</summary>
    static string SafeFileName(string? name)
    {
        var last = (name ?? string.Empty).Replace('\\', '/').Split('/').Last();
        var clean = new string(last.Where(ch => !char.IsControl(ch)).ToArray()).Trim().Trim('.');
        if (clean.Length > 255) { clean = clean[^255..]; }
        return clean.Length == 0 ? "upload" : clean;
    }
}
