using System.ComponentModel;
using Cms.Api.Features.Articles;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Media;

public sealed class GetMediaUsageRequest
{
    public const string Route = "/media/{id:long}/usage";

    public long Id { get; set; }
}

public sealed class MediaUseResponse
{
    [Description("article or author.")]
    [WireValues(typeof(MediaUseResponse), nameof(Kinds))]
    public required string Kind { get; init; }

    public static readonly IReadOnlyList<string> Kinds = ["article", "author"];

    public static readonly IReadOnlyList<string> Roles = ["cover", "media list", "inline image", "avatar"];

    public required long Id { get; init; }

    [Description("The article's title or the author's name.")]
    public required string Name { get; init; }

    [Description("cover, media list, inline image or avatar.")]
    [WireValues(typeof(MediaUseResponse), nameof(Roles))]
    public required string Role { get; init; }

    [Description("The article's stored state; null for an author.")]
    [WireValues(typeof(ArticleStatusText), nameof(ArticleStatusText.Stored))]
    public required string? Status { get; init; }
}

public sealed class MediaUsageResponse
{
    public required long MediaId { get; init; }
    public required IReadOnlyList<MediaUseResponse> UsedBy { get; init; }
}

public sealed class GetMediaUsageEndpoint(MediaRepository media) : Endpoint<GetMediaUsageRequest, MediaUsageResponse>
{
    const int Limit = 500;

    public override void Configure()
    {
        Get(GetMediaUsageRequest.Route);
        Summary(s =>
        {
            s.Summary = $"The articles (cover, media list, inline image) and authors (avatar) that use a medium (first {Limit})";
            s.Description = "A key limited to some stations sees only the articles of its stations: uses in other stations are " +
                            "left out, not counted. Trashed articles are listed only to editors and admins (the trash is theirs). " +
                            "Authors are always listed.";
        });
        Description(b => b.ProducesProblems(404));
    }

    public override async Task HandleAsync(GetMediaUsageRequest req, CancellationToken ct)
    {
        if (await media.FindAsync(req.Id, ct) is null) { await this.SendNotFoundAsync("medium", req.Id, ct); return; }
        var caller = HttpContext.Caller()!;
        var uses = await media.UsageAsync(req.Id, caller.Stations, caller.AtLeast(KeyRole.Editor), Limit, ct);
        await Send.OkAsync(new MediaUsageResponse
        {
            MediaId = req.Id,
            UsedBy = uses.Select(u => new MediaUseResponse { Kind = u.Kind, Id = u.Id, Name = u.Name, Role = u.Role, Status = u.Status }).ToList(),
        }, ct);
    }
}
