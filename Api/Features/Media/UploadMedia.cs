using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Cms.Api.Features.Media;

/// <summary>The multipart form of an upload. The endpoint reads it as a stream, so this type describes the contract.</summary>
public sealed class UploadMediaRequest : MediaTextInput
{
    public const string Route = ListMediaRequest.Route;

    [Description("The image: JPEG, PNG, GIF, WebP or AVIF, detected from its bytes (SVG is refused).")]
    [System.ComponentModel.DataAnnotations.Required]
    public IFormFile? File { get; set; }
}

public sealed class UploadMediaTextValidator : AbstractValidator<MediaTextInput>
{
    public UploadMediaTextValidator() => this.AddMediaTextRules();
}

public sealed class UploadMediaEndpoint(MediaFileStore files, MediaLibrary library, PublicUrls urls, IOptions<CmsOptions> options)
    : EndpointWithoutRequest<MediaResponse>
{
    static readonly UploadMediaTextValidator TextRules = new();

    /// <summary>Room for multipart boundaries and the small text fields sent beside the file.</summary>
    const long MultipartOverheadBytes = 64 * 1024;

    public override void Configure()
    {
        Post(UploadMediaRequest.Route);
        AllowFileUploads(dontAutoBindFormData: true);
        MaxRequestBodySize(options.Value.MaxUploadBytes + MultipartOverheadBytes);
        Summary(s => s.Summary = "Upload an image as multipart/form-data (field 'file', optional alt, caption, credit, focalX, focalY)");
        Description(b => b
            .Accepts<UploadMediaRequest>("multipart/form-data")
            .Produces<MediaResponse>(201)
            .ProducesProblems(400, 413, 415, 422));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var form = await MultipartUpload.ReadAsync(HttpContext.Request, files, options.Value.MaxUploadBytes, ct);
        var text = new UploadText(form.Fields);
        var invalid = TextRules.Validate(text);
        if (form.File is null || !invalid.IsValid)
        {
            if (form.File is not null) { files.Discard(form.File); }
            var errors = invalid.Errors.GroupBy(e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
            if (form.File is null) { errors[MultipartUpload.FileField] = ["file is required: send the image as the multipart field 'file'."]; }
            await this.SendProblemAsync(ProblemTypes.ValidationFailed, errors.Count == 1 ? errors.Values.First()[0] : "Some fields are not valid; see errors.", errors, ct);
            return;
        }

        var row = await library.SaveUploadAsync(form.File, SafeFileName(form.FileName), text.ToText(), HttpContext.Caller()?.KeyId, ct);
        this.SetVersion(row.Version);
        await Send.CreatedAtAsync<GetMediaEndpoint>(new { id = row.Id }, MediaResponse.From(row, urls, HttpContext.Caller()), cancellation: ct);
    }

    /// <summary>Keeps only the last path segment of the client's name, without control characters, for display.</summary>
    static string SafeFileName(string? name)
    {
        var last = (name ?? string.Empty).Replace('\\', '/').Split('/').Last();
        var clean = new string(last.Where(ch => !char.IsControl(ch)).ToArray()).Trim().Trim('.');
        if (clean.Length > 255) { clean = clean[^255..]; }
        return clean.Length == 0 ? "upload" : clean;
    }

    sealed class UploadText : MediaTextInput
    {
        public UploadText(IReadOnlyDictionary<string, string> fields)
        {
            Alt = fields.GetValueOrDefault("alt");
            Caption = fields.GetValueOrDefault("caption");
            Credit = fields.GetValueOrDefault("credit");
            FocalX = Number(fields.GetValueOrDefault("focalX"));
            FocalY = Number(fields.GetValueOrDefault("focalY"));
        }

        /// <summary>A form value that is not a number becomes NaN, which the range rule then names.</summary>
        static double? Number(string? value) => value is null ? null
            : double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : double.NaN;
    }
}
