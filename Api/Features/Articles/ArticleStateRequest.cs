namespace Cms.Api.Features.Articles;

/// <summary>The request of a lifecycle action that takes nothing but the article: unpublish, archive, restore.</summary>
public sealed class ArticleStateRequest
{
    public long Id { get; set; }
}
