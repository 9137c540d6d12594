using System.ComponentModel;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Tags;

public sealed class ListTagsRequest
{
    public const string Route = "/tags";

    [QueryParam, Description("Only tags starting with this text (any case), e.g. 冬 for 冬捕.")]
    public string? Q { get; set; }

    [QueryParam, Description("Only articles of this station.")]
    public long? StationId { get; set; }

    [QueryParam, Description("How many tags, 1–200 (default 50).")]
    public int? Limit { get; set; }
}

public sealed class ListTagsValidator : Validator<ListTagsRequest>
{
    public ListTagsValidator()
    {
        RuleFor(x => x.Q).MaximumLength(50).WithMessage("q has at most 50 characters.");
        RuleFor(x => x.StationId).GreaterThan(0).WithMessage("stationId must be a positive id.");
        RuleFor(x => x.Limit).InclusiveBetween(1, 200).WithMessage("limit must be between 1 and 200.");
    }
}

public sealed class TagsResponse
{
    [Description("Most used first: each tag with the number of published articles that carry it.")]
    public required IReadOnlyList<TagCount> Items { get; init; }
}

public sealed class ListTagsEndpoint(TagRepository tags) : Endpoint<ListTagsRequest, TagsResponse>
{
    public override void Configure()
    {
        Get(ListTagsRequest.Route);
        AllowAnonymous();
        Summary(s => s.Summary = "Tags of published articles, most used first (for tag clouds, topic pages and autocomplete)");
    }

    public override async Task HandleAsync(ListTagsRequest req, CancellationToken ct) =>
        await Send.OkAsync(new TagsResponse { Items = await tags.ListAsync(req.Q, req.StationId, req.Limit ?? 50, ct) }, ct);
}
