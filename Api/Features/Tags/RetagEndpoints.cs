using System.ComponentModel;
using Cms.Api.Features.Articles;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Tags;

public sealed class RenameTagRequest
{
    [Description("The tag to rename (any case).")]
    public string From { get; set; } = string.Empty;

    [Description("Its new name; an article that already has it keeps it once (the two tags merge).")]
    public string To { get; set; } = string.Empty;
}

public sealed class RenameTagValidator : Validator<RenameTagRequest>
{
    public RenameTagValidator()
    {
        RuleFor(x => x.From).TagName("from");
        RuleFor(x => x.To).TagName("to");
        RuleFor(x => x.To).Must((r, to) => string.IsNullOrWhiteSpace(to) || !string.Equals(to.Trim(), r.From?.Trim(), StringComparison.Ordinal))
            .WithMessage("to must differ from from.");
    }
}

public sealed class RemoveTagRequest
{
    [Description("The tag to remove from every article (any case).")]
    public string Name { get; set; } = string.Empty;
}

public sealed class RemoveTagValidator : Validator<RemoveTagRequest>
{
    public RemoveTagValidator() => RuleFor(x => x.Name).TagName("name");
}

public sealed class RetagResponse
{
    public required string Tag { get; init; }

    [Description("The new name; null when the tag was removed.")]
    public required string? RenamedTo { get; init; }

    [Description("The articles that changed (each has a new version and revision).")]
    public required IReadOnlyList<long> ArticleIds { get; init; }
}

/// <summary>Renames or merges a tag on every article the key may work on (its stations), in one transaction.</summary>
public sealed class RenameTagEndpoint(TagRepository tags) : Endpoint<RenameTagRequest, RetagResponse>
{
    public override void Configure()
    {
        Post("/tags/rename");
        Roles(Caller.RoleName(KeyRole.Editor), Caller.RoleName(KeyRole.Admin));
        Tags("Tags");
        Summary(s => s.Summary = "Rename a tag on every article, merging it into the new name where both are present (editors)");
        Description(b => b.ProducesProblems(400, 403, 404));
    }

    public override async Task HandleAsync(RenameTagRequest req, CancellationToken ct)
    {
        var (from, to) = (req.From.Trim(), req.To.Trim());
        var changed = await tags.RetagAsync(from, to, HttpContext.Caller()!.Stations, this.Actor(), ct);
        if (changed.Count == 0) { await this.SendProblemAsync(404, "from", $"No article this key may change has the tag '{from}'.", ct); return; }
        await Send.OkAsync(new RetagResponse { Tag = from, RenamedTo = to, ArticleIds = changed }, ct);
    }
}

/// <summary>Removes a tag from every article the key may work on (its stations), in one transaction.</summary>
public sealed class RemoveTagEndpoint(TagRepository tags) : Endpoint<RemoveTagRequest, RetagResponse>
{
    public override void Configure()
    {
        Delete("/tags/{name}");
        Roles(Caller.RoleName(KeyRole.Editor), Caller.RoleName(KeyRole.Admin));
        Tags("Tags");
        Summary(s => s.Summary = "Remove a tag from every article (editors)");
        Description(b => b.ProducesProblems(400, 403, 404));
    }

    public override async Task HandleAsync(RemoveTagRequest req, CancellationToken ct)
    {
        var name = req.Name.Trim();
        var changed = await tags.RetagAsync(name, null, HttpContext.Caller()!.Stations, this.Actor(), ct);
        if (changed.Count == 0) { await this.SendProblemAsync(404, $"No article this key may change has the tag '{name}'.", ct); return; }
        await Send.OkAsync(new RetagResponse { Tag = name, RenamedTo = null, ArticleIds = changed }, ct);
    }
}

static class TagRules
{
    public static IRuleBuilderOptions<T, string> TagName<T>(this IRuleBuilder<T, string> rule, string field) => rule
        .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage($"{field} is required.")
        .MaximumLength(ArticleInput.MaxTagLength).WithMessage($"{field} has at most {ArticleInput.MaxTagLength} characters (as a tag).")
        .Must(t => t is null || !t.Any(char.IsControl)).WithMessage($"{field} cannot contain control characters.");
}
