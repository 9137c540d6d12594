using System.ComponentModel;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using FluentValidation;

namespace Cms.Api.Features.Media;

public sealed class MediaResponse
{
    public required long Id { get; init; }

    [Description("Absolute URL of the image as served (upright, without metadata). It names the content's hash: cache it for good.")]
    public required string Url { get; init; }

    [Description("Ready-made variant URLs for <img srcset>: the standard widths up to the image's own.")]
    public required string Srcset { get; init; }

    [Description("The file name as uploaded (metadata only), e.g. mmexport1704177120277.jpg. Only to keys that may change the medium.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FileName { get; init; }

    [Description("Detected from the bytes: image/jpeg, image/png, image/gif, image/webp or image/avif.")]
    public required string ContentType { get; init; }

    [Description("Size of the served file.")]
    public required long ByteSize { get; init; }

    [Description("Lowercase hex SHA-256 of the served file.")]
    public required string Sha256 { get; init; }

    [Description("As displayed: a phone photo taken sideways reports its upright size.")]
    public required int? Width { get; init; }

    public required int? Height { get; init; }
    public required string? Alt { get; init; }
    public required string? Caption { get; init; }
    public required string? Credit { get; init; }

    [Description("Where crops centre (0 = left, 1 = right); null when not set.")]
    public required double? FocalX { get; init; }

    [Description("Where crops centre (0 = top, 1 = bottom); null when not set.")]
    public required double? FocalY { get; init; }

    [Description("The API key that uploaded it. Only to keys that may change the medium.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? UploadedByKeyId { get; init; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }

    [Description("Changes with every write; the ETag carries it for If-Match.")]
    public required long Version { get; init; }

    /// <param name="caller">Who asks: the file name and the uploading key go only to keys that may change the medium.</param>
    public static MediaResponse From(MediaRow row, PublicUrls urls, Caller? caller) => From(row, urls, withPrivateFields: caller.MayChange(row));

    static MediaResponse From(MediaRow row, PublicUrls urls, bool withPrivateFields) => new()
    {
        Id = row.Id,
        Url = urls.MediaContent(row.Id, row.Sha256),
        Srcset = urls.Srcset(row.Id, row.Sha256, row.Width),
        FileName = withPrivateFields ? row.FileName : null,
        ContentType = row.ContentType,
        ByteSize = row.ByteSize,
        Sha256 = row.Sha256,
        Width = (int?)row.Width,
        Height = (int?)row.Height,
        Alt = row.Alt,
        Caption = row.Caption,
        Credit = row.Credit,
        FocalX = row.FocalX,
        FocalY = row.FocalY,
        UploadedByKeyId = withPrivateFields ? row.UploadedByKeyId : null,
        CreatedAt = Timestamps.Parse(row.CreatedAt),
        UpdatedAt = Timestamps.Parse(row.UpdatedAt),
        Version = row.Version,
    };
}

/// <summary>Alt text, caption, credit and focal point: the editable description of a medium.</summary>
public abstract class MediaTextInput
{
    [Description("Text alternative for screen readers.")]
    public string? Alt { get; set; }

    public string? Caption { get; set; }

    [Description("Photographer or source credit, e.g. 共青团长岭县委.")]
    public string? Credit { get; set; }

    [Description("Focal point, 0 (left) to 1 (right): fit=cover crops keep it in view. Set with focalY, or leave both out.")]
    public double? FocalX { get; set; }

    [Description("Focal point, 0 (top) to 1 (bottom).")]
    public double? FocalY { get; set; }

    public MediaText ToText() => new(Clean(Alt), Clean(Caption), Clean(Credit), FocalX, FocalY);

    protected void CopyFrom(MediaRow row)
    {
        (Alt, Caption, Credit, FocalX, FocalY) = (row.Alt, row.Caption, row.Credit, row.FocalX, row.FocalY);
    }

    static string? Clean(string? value) => value?.Trim() is { Length: > 0 } v ? v : null;
}

public static class MediaTextRules
{
    public static void AddMediaTextRules<T>(this AbstractValidator<T> validator) where T : MediaTextInput
    {
        validator.RuleFor(x => x.Alt).OptionalText("alt", 1000, multiline: true);
        validator.RuleFor(x => x.Caption).OptionalText("caption", 2000, multiline: true);
        validator.RuleFor(x => x.Credit).OptionalText("credit", 200);
        validator.RuleFor(x => x.FocalX).InclusiveBetween(0, 1).WithMessage("focalX must be between 0 and 1.");
        validator.RuleFor(x => x.FocalY).InclusiveBetween(0, 1).WithMessage("focalY must be between 0 and 1.");
        validator.RuleFor(x => x.FocalY).NotNull().When(x => x.FocalX is not null).WithMessage("focalY is needed with focalX.");
        validator.RuleFor(x => x.FocalX).NotNull().When(x => x.FocalY is not null).WithMessage("focalX is needed with focalY.");
    }
}
