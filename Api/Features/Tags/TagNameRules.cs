using Cms.Api.Features.Articles;
using Cms.Api.Infrastructure;
using FluentValidation;

namespace Cms.Api.Features.Tags;

/// <summary>A tag named in a rename or removal follows the rules of an article's tags.</summary>
static class TagNameRules
{
    public static IRuleBuilderOptions<T, string> TagName<T>(this IRuleBuilder<T, string> rule, string field) => rule
        .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage($"{field} is required.")
        .MaximumLength(ArticleInput.MaxTagLength).WithMessage($"{field} has at most {ArticleInput.MaxTagLength} characters (as a tag).")
        .NoControlCharacters(field, multiline: false).WithMessage($"{field} cannot contain control characters.");
}
