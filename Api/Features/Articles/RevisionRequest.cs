namespace Cms.Api.Features.Articles;

/// <summary>One revision of one article: read it, or restore it.</summary>
public sealed class RevisionRequest
{
    public long Id { get; set; }
    public long Number { get; set; }
}
