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
    public const string Route = "/tags/rename";

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

/// <summary>Renames or merges a tag on every article the key may work on (its stations), in one transaction.</summary>
public sealed class RenameTagEndpoint(TagRepository tags) : Endpoint<RenameTagRequest, RetagResponse>
{
    public override void Configure()
    {
        Post(RenameTagRequest.Route);
        Roles(Caller.RoleName(KeyRole.Editor), Caller.RoleName(KeyRole.Admin));
        Tags("Tags");
        Summary(s => s.Summary = "Rename a tag on every article, merging it into the new name where both are present (editors)");
        Description(b => b.ProducesProblems(400, 403, 404));
    }

    public override async Task HandleAsync(RenameTagRequest req, CancellationToken ct)
    {
        var (from, to) = (req.From.Trim(), req.To.Trim());
        var changed = await tags.RetagAsync(from, to, HttpContext.Caller()!.Stations, this.Actor(), ct);
        if (changed.Count == 0) { await this.SendProblemAsync(ProblemTypes.NotFound, "from", $"No article this key may change has the tag '{from}'.", ct); return; }
        await Send.OkAsync(new RetagResponse { Tag = from, RenamedTo = to, ArticleIds = changed }, ct);
    }
}
