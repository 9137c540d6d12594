using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Media;

public sealed class UpdateMediaRequest : MediaTextInput
{
    public static UpdateMediaRequest From(MediaRow row)
    {
        var request = new UpdateMediaRequest();
        request.CopyFrom(row);
        return request;
    }
}

public sealed class UpdateMediaValidator : Validator<UpdateMediaRequest>
{
    public UpdateMediaValidator() => this.AddMediaTextRules();
}

public sealed class UpdateMediaEndpoint(MediaRepository media, PublicUrls urls) : Endpoint<UpdateMediaRequest, MediaResponse>
{
    public override void Configure()
    {
        Put("/media/{id:long}");
        Summary(s => s.Summary = "Replace a medium's alt text, caption and credit (editors, or the key that uploaded it; If-Match required)");
        Description(b => b.ProducesProblems(403, 404, 412, 428));
    }

    public override async Task HandleAsync(UpdateMediaRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await this.RequireIfMatchAsync("medium", ct) is not { } ifMatch) { return; }
        if (await this.FindChangeableMediumAsync(media, id, ct) is null) { return; }
        await this.SendMediumAsync(urls, id, await media.UpdateTextAsync(id, req.ToText(), ifMatch, ct), ct);
    }
}

public sealed class PatchMediaEndpoint(MediaRepository media, PublicUrls urls) : EndpointWithoutRequest<MediaResponse>
{
    public override void Configure()
    {
        Patch("/media/{id:long}");
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

static class MediaWrites
{
    /// <summary>Editors may change any medium, other keys what they uploaded.</summary>
    public static bool MayChange(this Caller? caller, MediaRow row) =>
        caller is not null && (caller.AtLeast(KeyRole.Editor) || row.UploadedByKeyId == caller.KeyId);

    /// <summary>The medium, when this caller may change it: editors may change any, others what their key uploaded.</summary>
    public static async Task<MediaRow?> FindChangeableMediumAsync(this IEndpoint ep, MediaRepository media, long id, CancellationToken ct)
    {
        var row = await media.FindAsync(id, ct);
        if (row is null) { await ep.SendProblemAsync(404, $"No medium has the id {id}.", ct); return null; }
        if (!ep.HttpContext.Caller().MayChange(row))
        {
            await ep.SendProblemAsync(403, $"Medium {id} was uploaded with another key; only editors may change it.", ct);
            return null;
        }
        return row;
    }

    public static async Task SendMediumAsync(this IEndpoint ep, PublicUrls urls, long id, MediaRow? row, CancellationToken ct)
    {
        if (row is null) { await ep.SendProblemAsync(404, $"No medium has the id {id}.", ct); return; }
        ep.SetVersion(row.Version);
        await ep.HttpContext.Response.SendAsync(MediaResponse.From(row, urls), cancellation: ct);
    }
}
