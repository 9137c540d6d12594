namespace Cms.Api.Features.Articles;

/// <summary>Who made a change, for revisions and ownership.</summary>
public sealed record Actor(long? KeyId, string? KeyName, long? AuthorId)
{
    public static readonly Actor System = new(null, "system", null);
}
