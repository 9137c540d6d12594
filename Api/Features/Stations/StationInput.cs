using System.ComponentModel;
using Cms.Api.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Stations;

/// <summary>The writable fields of a station, shared by create and replace.</summary>
public abstract class StationInput
{
    [Description("Unique, lowercase a-z, 0-9 and hyphens; used in URLs and feeds (e.g. songyuan).")]
    public string Slug { get; set; } = "";

    [Description("Display name, e.g. 松原站.")]
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    [Description("News hotline shown on the station's pages, e.g. 0431-82902222.")]
    public string? Hotline { get; set; }

    [Description("Menu position; lower comes first.")]
    public int? SortOrder { get; set; }

    protected void CopyFrom(StationRow row)
    {
        (Slug, Name, Description, Hotline, SortOrder) = (row.Slug, row.Name, row.Description, row.Hotline, (int)row.SortOrder);
    }

    public StationFields ToFields() =>
        new(Slug, Name.Trim(), Description?.Trim() is { Length: > 0 } d ? d : null, Hotline?.Trim() is { Length: > 0 } h ? h : null, SortOrder ?? 0);
}

public abstract class StationInputValidator<T> : Validator<T> where T : StationInput
{
    protected StationInputValidator()
    {
        RuleFor(x => x.Slug).Slug();
        RuleFor(x => x.Name).RequiredText("name", 100);
        RuleFor(x => x.Description).OptionalText("description", 2000, multiline: true);
        RuleFor(x => x.Hotline).OptionalText("hotline", 50);
        RuleFor(x => x.SortOrder).InclusiveBetween(-1_000_000, 1_000_000).WithMessage("sortOrder must be between -1000000 and 1000000.");
    }
}
