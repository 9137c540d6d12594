using System.Collections.Concurrent;
using System.Globalization;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.OpenApi;

namespace Cms.Api.Infrastructure.OpenApi;

/// <summary>Copies the bounds a request's FluentValidation validator enforces (between, length, comparisons) into the
/// contract as minimum, maximum, minLength and maxLength, so they are stated where they are checked and nowhere else.</summary>
public static class ValidatorBounds
{
    static readonly Lazy<Dictionary<Type, Type>> ValidatorsByDto = new(() => typeof(Program).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (Validator: t, Dto: ValidatedType(t)))
        .Where(x => x.Dto is not null)
        .GroupBy(x => x.Dto!)
        .ToDictionary(g => g.Key, g => g.First().Validator));

    static readonly ConcurrentDictionary<Type, IValidatorDescriptor?> Descriptors = new();

    /// <summary>The rules of the DTO's validator and of its base types' validators (a page query's limit, say).</summary>
    public static void Apply(OpenApiSchema schema, Type dto, string property)
    {
        for (var type = dto; type is not null && type != typeof(object); type = type.BaseType)
        {
            var descriptor = Descriptors.GetOrAdd(type, t => ValidatorsByDto.Value.TryGetValue(t, out var v)
                ? ((IValidator)Activator.CreateInstance(v)!).CreateDescriptor() : null);
            if (descriptor is not null) { Apply(schema, descriptor, property); }
        }
    }

    static void Apply(OpenApiSchema schema, IValidatorDescriptor descriptor, string property)
    {
        // FastEndpoints names members as JSON does (limit, not Limit).
        var member = descriptor.GetMembersWithValidators().Select(m => m.Key).FirstOrDefault(k => k?.Equals(property, StringComparison.OrdinalIgnoreCase) == true);
        if (member is null) { return; }
        foreach (var rule in descriptor.GetRulesForMember(member))
        {
            // RuleForEach bounds each item; RuleFor the value itself.
            var target = IsCollectionRule(rule) ? schema.Items as OpenApiSchema : schema;
            if (target is null) { continue; }
            foreach (var component in rule.Components.Where(c => !c.HasCondition && !c.HasAsyncCondition))
            {
                Apply(target, Unwrapped(component.Validator));
            }
        }
    }

    static void Apply(OpenApiSchema schema, IPropertyValidator validator)
    {
        switch (validator)
        {
            case IBetweenValidator between when !IsText(schema):
                schema.Minimum = Number(between.From);
                schema.Maximum = Number(between.To);
                break;
            case ILengthValidator length when IsText(schema):
                if (length.Min > 0) { schema.MinLength = length.Min; }
                if (length.Max > 0) { schema.MaxLength = length.Max; }
                break;
            case IRegularExpressionValidator regex when IsText(schema):
                schema.Pattern = regex.Expression;
                break;
            case IMaxItemsValidator count when schema.Type?.HasFlag(JsonSchemaType.Array) == true:
                schema.MaxItems = count.Max;
                break;
            case IComparisonValidator { ValueToCompare: not null } compare when !IsText(schema):
                if (compare.Comparison is Comparison.GreaterThanOrEqual) { schema.Minimum = Number(compare.ValueToCompare); }
                if (compare.Comparison is Comparison.LessThanOrEqual) { schema.Maximum = Number(compare.ValueToCompare); }
                if (compare.Comparison is Comparison.GreaterThan) { schema.ExclusiveMinimum = Number(compare.ValueToCompare); }
                if (compare.Comparison is Comparison.LessThan) { schema.ExclusiveMaximum = Number(compare.ValueToCompare); }
                break;
        }
    }

    static bool IsCollectionRule(IValidationRule rule) =>
        rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));

    /// <summary>A rule on a nullable number wraps its validator in one that skips null: the bounds are inside.</summary>
    static IPropertyValidator Unwrapped(IPropertyValidator validator) => validator is IBetweenValidator or ILengthValidator or IComparisonValidator
        or IRegularExpressionValidator or IMaxItemsValidator
        ? validator
        : validator.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
            .Select(f => f.GetValue(validator)).OfType<IPropertyValidator>().FirstOrDefault() ?? validator;

    static bool IsText(OpenApiSchema schema) => schema.Type?.HasFlag(JsonSchemaType.String) == true;

    static string? Number(object? value) => value is int or long or short or byte or double or decimal or float
        ? ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture) : null;

    static Type? ValidatedType(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(AbstractValidator<>)) { return t.GetGenericArguments()[0]; }
        }
        return null;
    }
}
