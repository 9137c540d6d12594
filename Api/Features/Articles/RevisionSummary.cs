using System.ComponentModel;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;

namespace Cms.Api.Features.Articles;

public sealed class RevisionSummary
{
    public required long Number { get; init; }
    public required DateTime CreatedAt { get; init; }

    [Description("create, update, publish, unpublish, archive, trash, restore, restore-revision-N, rename-tag or remove-tag.")]
    [WireValues(typeof(RevisionSummary), nameof(Actions))]
    public required string Action { get; init; }

    /// <summary>The actions a revision records; a restored revision is "restore-revision-" and its number.</summary>
    public static readonly IReadOnlyList<string> Actions =
        ["create", "update", .. Enum.GetValues<ArticleAction>().Select(a => a.ToString().ToLowerInvariant()), "rename-tag", "remove-tag", "^restore-revision-[0-9]+$"];

    [Description("The key that made the change, and the author it acts as.")]
    public required long? KeyId { get; init; }

    public required string? KeyName { get; init; }
    public required long? AuthorId { get; init; }

    public static RevisionSummary From(RevisionRow row) => new()
    {
        Number = row.Number, CreatedAt = Timestamps.Parse(row.CreatedAt), Action = row.Action,
        KeyId = row.KeyId, KeyName = row.KeyName, AuthorId = row.AuthorId,
    };
}
