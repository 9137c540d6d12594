using System.Text.RegularExpressions;
using FluentValidation;

namespace Cms.Api.Infrastructure;

public static partial class ValidationRules
{
    public const int SlugMaxLength = 64;

    public static IRuleBuilderOptions<T, string> Slug<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("slug is required.")
        .MaximumLength(SlugMaxLength).WithMessage($"slug must be at most {SlugMaxLength} characters.")
        .Matches(SlugPattern()).WithMessage("slug may contain only lowercase letters a-z, digits and single hyphens between them (e.g. 'songyuan').");

    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilder<T, string> rule, string field, int maxLength) => rule
        .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage($"{field} is required.")
        .MaximumLength(maxLength).WithMessage($"{field} must be at most {maxLength} characters.");

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, string field, int maxLength) => rule
        .MaximumLength(maxLength).WithMessage($"{field} must be at most {maxLength} characters.");

    /// <summary>A publish time a calendar can show: from 1900, and before 9999 (so that the portal's local time of it exists too).</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> PublishTime<T>(this IRuleBuilder<T, DateTimeOffset?> rule, string field) => rule
        .InclusiveBetween(new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero))
        .WithMessage($"{field} must be a date-time between the years 1900 and 9999.");

    public static IRuleBuilderOptions<T, long?> OptionalId<T>(this IRuleBuilder<T, long?> rule, string field) => rule
        .GreaterThan(0).WithMessage($"{field} must be a positive id.");

    public static IRuleBuilderOptions<T, long> RequiredId<T>(this IRuleBuilder<T, long> rule, string field) => rule
        .GreaterThan(0).WithMessage($"{field} is required and must be a positive id.");

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
