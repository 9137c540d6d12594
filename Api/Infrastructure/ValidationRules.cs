using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Validators;

namespace Cms.Api.Infrastructure;

public static partial class ValidationRules
{
    public const int SlugMaxLength = 64;

    public static IRuleBuilderOptions<T, string> Slug<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("slug is required.")
        .MaximumLength(SlugMaxLength).WithMessage($"slug must be at most {SlugMaxLength} characters.")
        .Matches(SlugPattern()).WithMessage("slug may contain only lowercase letters a-z, digits and single hyphens between them (e.g. 'songyuan').");

    /// <summary>A one-line text (a title, a name): no control characters but tab.</summary>
    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilder<T, string> rule, string field, int maxLength) => rule
        .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage($"{field} is required.")
        .MaximumLength(maxLength).WithMessage($"{field} must be at most {maxLength} characters.")
        .NoControlCharacters(field, multiline: false);

    /// <param name="multiline">Whether line breaks (LF, CR) belong in it (a summary, a caption, a body); tab is allowed in any text.</param>
    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, string field, int maxLength, bool multiline = false) => rule
        .MaximumLength(maxLength).WithMessage($"{field} must be at most {maxLength} characters.")
        .NoControlCharacters(field, multiline);

    /// <summary>The one rule against control characters in stored text: U+0000–U+001F (but tab, and line breaks where the
    /// text has lines), U+007F and U+0080–U+009F. They show as nothing, and XML (feeds) cannot carry most of them.
    /// The contract states it as the field's pattern.</summary>
    public static IRuleBuilderOptions<T, TText> NoControlCharacters<T, TText>(this IRuleBuilder<T, TText> rule, string field, bool multiline)
        where TText : class? => rule
        .SetValidator(new TextCharactersValidator<T, TText>(multiline))
        .WithMessage(v => $"{field} must not contain control characters" + (multiline ? " (tab and line breaks are allowed)." : " (tab is allowed; no line breaks)."));

    /// <summary>The index of the first control character that the text may not carry, or -1.</summary>
    public static int FirstControlCharacter(string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\t' || (multiline && c is '\n' or '\r')) { continue; }
            if (c < '\u0020' || c is >= '\u007F' and <= '\u009F') { return i; }
        }
        return -1;
    }

    /// <summary>The same rule as a regular expression (ECMAScript and .NET read it alike), for the contract.</summary>
    public static string TextPattern(bool multiline) =>
        multiline ? @"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$" : @"^[^\u0000-\u0008\u000A-\u001F\u007F-\u009F]*$";

    /// <summary>One of a few allowed numbers (the contract states their range; the description lists them).</summary>
    public static IRuleBuilderOptions<T, int?> OneOf<T>(this IRuleBuilder<T, int?> rule, IReadOnlyCollection<int> allowed) =>
        rule.SetValidator(new AllowedNumbersValidator<T>(allowed));

    /// <summary>A list of at most <paramref name="max"/> items (stated as maxItems in the contract).</summary>
    public static IRuleBuilderOptions<T, TList?> MaxItems<T, TList>(this IRuleBuilder<T, TList?> rule, int max, string message)
        where TList : class, System.Collections.ICollection => rule.SetValidator(new ItemCountValidator<T, TList?>(max)).WithMessage(message);

    /// <summary>A publish time a calendar can show: from 1900, and before 9999 (so that the portal's local time of it exists too).</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> PublishTime<T>(this IRuleBuilder<T, DateTimeOffset?> rule, string field) => rule
        .InclusiveBetween(new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero))
        .WithMessage($"{field} must be a date-time between the years 1900 and 9999.");

    /// <summary>The largest id: JavaScript holds every integer up to 2^53 - 1 exactly, and clients in it read our JSON.</summary>
    public const long MaxId = 9_007_199_254_740_991;

    public static IRuleBuilderOptions<T, long?> OptionalId<T>(this IRuleBuilder<T, long?> rule, string field) => rule
        .GreaterThan(0).WithMessage($"{field} must be a positive id.")
        .LessThanOrEqualTo(MaxId).WithMessage($"{field} must be at most {MaxId} (2^53 - 1).");

    public static IRuleBuilderOptions<T, long> RequiredId<T>(this IRuleBuilder<T, long> rule, string field) => rule
        .GreaterThan(0).WithMessage($"{field} is required and must be a positive id.")
        .LessThanOrEqualTo(MaxId).WithMessage($"{field} must be at most {MaxId} (2^53 - 1).");

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}

/// <summary>Text without the control characters it may not carry (see <see cref="ValidationRules.NoControlCharacters"/>);
/// a regular-expression validator to the contract, which states its pattern.</summary>
public sealed class TextCharactersValidator<T, TText>(bool multiline) : PropertyValidator<T, TText>, IRegularExpressionValidator
{
    public override string Name => "TextCharactersValidator";

    public string Expression => ValidationRules.TextPattern(multiline);

    public override bool IsValid(ValidationContext<T> context, TText value) =>
        value is not string text || ValidationRules.FirstControlCharacter(text, multiline) < 0;
}

/// <summary>A list no longer than its maximum; the contract states it as maxItems.</summary>
public sealed class ItemCountValidator<T, TList>(int max) : PropertyValidator<T, TList>, IMaxItemsValidator
{
    public int Max => max;

    public override string Name => "ItemCountValidator";

    public override bool IsValid(ValidationContext<T> context, TList value) => value is not System.Collections.ICollection list || list.Count <= max;
}

/// <summary>A validator the contract reads as maxItems.</summary>
public interface IMaxItemsValidator : IPropertyValidator
{
    int Max { get; }
}

/// <summary>A number from an allow-list; the contract states the list's smallest and largest as minimum and maximum.</summary>
public sealed class AllowedNumbersValidator<T>(IReadOnlyCollection<int> allowed) : PropertyValidator<T, int?>, IBetweenValidator
{
    public override string Name => "AllowedNumbersValidator";

    public object From => allowed.Min();

    public object To => allowed.Max();

    public override bool IsValid(ValidationContext<T> context, int? value) => value is not { } v || allowed.Contains(v);
}
