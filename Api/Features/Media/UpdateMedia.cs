using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;

namespace Cms.Api.Features.Media;

public sealed class UpdateMediaRequest : MediaTextInput;

public sealed class UpdateMediaValidator : Validator<UpdateMediaRequest>
{
    public UpdateMediaValidator() => this.AddMediaTextRules();
}

public sealed class UpdateMediaEndpoint(MediaRepository media, PublicUrls urls) : Endpoint<UpdateMediaRequest, MediaResponse>
{
    public override void Configure()
    {
        Put("/media/{id:long}");
        Summary(s => s.Summary = "Replace a medium's alt text, caption and credit (the bytes never change)");
        Description(b => b.ProducesProblems(404));
    }

    public override async Task HandleAsync(UpdateMediaRequest req, CancellationToken ct)
    {
        var id = Route<long>("id");
        var row = await media.UpdateTextAsync(id, req.ToText(), ct);
        if (row is null) { await this.SendProblemAsync(404, $"No medium has the id {id}.", ct); return; }
        await Send.OkAsync(MediaResponse.From(row, urls), ct);
    }
}
