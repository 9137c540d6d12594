using System.ComponentModel;
using Cms.Api.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Authors;

/// <summary>The writable fields of an author, shared by create and replace.</summary>
public abstract class AuthorInput
{
    [Description("Unique, lowercase a-z, 0-9 and hyphens (e.g. li-xue).")]
    public string Slug { get; set; } = "";

    [Description("Name as printed in bylines, any script (e.g. 李雪).")]
    public string Name { get; set; } = "";

    public string? Bio { get; set; }

    [Description("Id of an uploaded image to show as the avatar.")]
    public long? AvatarMediaId { get; set; }

    [Description("Contact address for the newsroom; stored, never shown in public responses.")]
    public string? Email { get; set; }

    protected void CopyFrom(AuthorRow row)
    {
        (Slug, Name, Bio, AvatarMediaId, Email) = (row.Slug, row.Name, row.Bio, row.AvatarMediaId, row.Email);
    }

    public AuthorFields ToFields() => new(Slug, Name.Trim(), Bio?.Trim() is { Length: > 0 } b ? b : null, AvatarMediaId,
        Email?.Trim() is { Length: > 0 } e ? e : null);
}

public abstract class AuthorInputValidator<T> : Validator<T> where T : AuthorInput
{
    protected AuthorInputValidator()
    {
        RuleFor(x => x.Slug).Slug();
        RuleFor(x => x.Name).RequiredText("name", 100);
        RuleFor(x => x.Bio).OptionalText("bio", 4000, multiline: true);
        RuleFor(x => x.AvatarMediaId).OptionalId("avatarMediaId");
        RuleFor(x => x.Email).MaximumLength(254).WithMessage("email must be at most 254 characters.");
        RuleFor(x => x.Email).EmailAddress().WithMessage("email must be an e-mail address such as name@example.com.")
            .When(x => !string.IsNullOrWhiteSpace(x.Email));
        RuleFor(x => x.Email).NoControlCharacters("email", multiline: false);
    }
}
