using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Media;

public sealed class PatchMediaEndpoint(MediaRepository media, PublicUrls urls) : EndpointWithoutRequest<MediaResponse>
{
    public const string Route = UpdateMediaRequest.Route;

    public override void Configure()
    {
        Patch(Route);
        Summary(s => s.Summary = "Change a medium's alt text, caption or credit with a JSON Merge Patch (If-Match required)");
        Description(b => b.Accepts<UpdateMediaRequest>(MergePatch.ContentType).ProducesProblems(400, 403, 404, 412, 415, 428));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RequireIfMatchAsync("medium", ct) is not { } ifMatch) { return; }
        if (await this.FindChangeableMediumAsync(media, id, ct) is not { } current) { return; }
        if (await this.ApplyAsync(UpdateMediaRequest.From(current), new UpdateMediaValidator(), ct) is not { } patched) { return; }
        await this.SendMediumAsync(urls, id, await media.UpdateTextAsync(id, patched.ToText(), ifMatch, ct), ct);
    }
}
