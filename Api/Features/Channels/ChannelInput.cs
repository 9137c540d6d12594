using System.ComponentModel;
using Cms.Api.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Channels;

/// <summary>The writable fields of a channel, shared by create and replace. A channel stays in its station.</summary>
public abstract class ChannelInput
{
    [Description("Unique within the station; lowercase a-z, 0-9 and hyphens (e.g. headlines).")]
    public string Slug { get; set; } = "";

    [Description("Display name, e.g. 要闻.")]
    public string Name { get; set; } = "";

    [Description("Menu position within the station; lower comes first.")]
    public int? SortOrder { get; set; }

    protected void CopyFrom(ChannelRow row)
    {
        (Slug, Name, SortOrder) = (row.Slug, row.Name, (int)row.SortOrder);
    }

    public ChannelFields ToFields() => new(Slug, Name.Trim(), SortOrder ?? 0);
}

public abstract class ChannelInputValidator<T> : Validator<T> where T : ChannelInput
{
    protected ChannelInputValidator()
    {
        RuleFor(x => x.Slug).Slug();
        RuleFor(x => x.Name).RequiredText("name", 100);
        RuleFor(x => x.SortOrder).InclusiveBetween(-1_000_000, 1_000_000).WithMessage("sortOrder must be between -1000000 and 1000000.");
    }
}
