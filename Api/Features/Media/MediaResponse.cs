using System.ComponentModel;
using Cms.Api.Infrastructure;

namespace Cms.Api.Features.Media;

public sealed class MediaResponse
{
    public required long Id { get; init; }

    [Description("Absolute URL of the bytes.")]
    public required string Url { get; init; }

    [Description("The file name as uploaded (metadata only), e.g. mmexport1704177120277.jpg.")]
    public required string FileName { get; init; }

    [Description("Detected from the bytes: image/jpeg, image/png, image/gif or image/webp.")]
    public required string ContentType { get; init; }

    public required long ByteSize { get; init; }

    [Description("Lowercase hex SHA-256 of the bytes.")]
    public required string Sha256 { get; init; }

    public required int? Width { get; init; }
    public required int? Height { get; init; }
    public required string? Alt { get; init; }
    public required string? Caption { get; init; }
    public required string? Credit { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }

    [Description("Changes with every write; the ETag carries it for If-Match.")]
    public required long Version { get; init; }

    public static MediaResponse From(MediaRow row, PublicUrls urls) => new()
    {
        Id = row.Id,
        Url = urls.MediaContent(row.Id, row.Sha256),
        FileName = row.FileName,
        ContentType = row.ContentType,
        ByteSize = row.ByteSize,
        Sha256 = row.Sha256,
        Width = (int?)row.Width,
        Height = (int?)row.Height,
        Alt = row.Alt,
        Caption = row.Caption,
        Credit = row.Credit,
        CreatedAt = Timestamps.Parse(row.CreatedAt),
        UpdatedAt = Timestamps.Parse(row.UpdatedAt),
        Version = row.Version,
    };
}

/// <summary>Alt text, caption and credit: the editable description of a medium.</summary>
public abstract class MediaTextInput
{
    [Description("Text alternative for screen readers.")]
    public string? Alt { get; set; }

    public string? Caption { get; set; }

    [Description("Photographer or source credit, e.g. 共青团长岭县委.")]
    public string? Credit { get; set; }

    public MediaText ToText() => new(Clean(Alt), Clean(Caption), Clean(Credit));

    protected void CopyFrom(MediaRow row)
    {
        (Alt, Caption, Credit) = (row.Alt, row.Caption, row.Credit);
    }

    static string? Clean(string? value) => value?.Trim() is { Length: > 0 } v ? v : null;
}

public static class MediaTextRules
{
    public static void AddMediaTextRules<T>(this FluentValidation.AbstractValidator<T> validator) where T : MediaTextInput
    {
        validator.RuleFor(x => x.Alt).OptionalText("alt", 1000);
        validator.RuleFor(x => x.Caption).OptionalText("caption", 2000);
        validator.RuleFor(x => x.Credit).OptionalText("credit", 200);
    }
}
