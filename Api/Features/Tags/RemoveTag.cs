using System.ComponentModel;
using Cms.Api.Features.Articles;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Tags;

public sealed class RemoveTagRequest
{
    public const string Route = "/tags/{name}";

    [Description("The tag to remove from every article (any case).")]
    public string Name { get; set; } = string.Empty;
}

public sealed class RemoveTagValidator : Validator<RemoveTagRequest>
{
    public RemoveTagValidator() => RuleFor(x => x.Name).TagName("name");
}

/// <summary>Removes a tag from every article the key may work on (its stations), in one transaction.</summary>
public sealed class RemoveTagEndpoint(TagRepository tags) : Endpoint<RemoveTagRequest, RetagResponse>
{
    public override void Configure()
    {
        Delete(RemoveTagRequest.Route);
        Roles(Caller.RoleName(KeyRole.Editor), Caller.RoleName(KeyRole.Admin));
        Tags("Tags");
        Summary(s => s.Summary = "Remove a tag from every article (editors)");
        Description(b => b.ProducesProblems(400, 403, 404));
    }

    public override async Task HandleAsync(RemoveTagRequest req, CancellationToken ct)
    {
        var name = req.Name.Trim();
        var changed = await tags.RetagAsync(name, null, HttpContext.Caller()!.Stations, this.Actor(), ct);
        if (changed.Count == 0) { await this.SendProblemAsync(ProblemTypes.NotFound, $"No article this key may change has the tag '{name}'.", ct); return; }
        await Send.OkAsync(new RetagResponse { Tag = name, RenamedTo = null, ArticleIds = changed }, ct);
    }
}
