using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Media;

public sealed class UpdateMediaRequest : MediaTextInput
{
    public const string Route = GetMediaRequest.Route;

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
        Put(UpdateMediaRequest.Route);
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
