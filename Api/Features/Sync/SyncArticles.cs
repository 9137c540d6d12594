using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using Cms.Api.Features.Articles;
using Cms.Api.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace Cms.Api.Features.Sync;

public sealed class SyncArticlesRequest
{
    public const string Route = "/sync";

    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    [QueryParam, Description("The nextToken of the previous sync; omit to start from nothing.")]
    public string? Since { get; set; }

    [QueryParam, Description("Changes per call, 1 to 500 (default 100). When hasMore is true, call again with nextToken.")]
    public int? Limit { get; set; }
}

public sealed class SyncArticlesValidator : Validator<SyncArticlesRequest>
{
    public SyncArticlesValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, SyncArticlesRequest.MaxLimit)
            .WithMessage($"limit must be between 1 and {SyncArticlesRequest.MaxLimit}.");
        RuleFor(x => x.Since).MaximumLength(512);
    }
}

/// <summary>One change: the article as it now stands, or a tombstone when the public can no longer see it.</summary>
public sealed class SyncItem
{
    public required long Id { get; init; }

    [Description("True when the article was deleted, unpublished or otherwise left the public view: remove it.")]
    public required bool Deleted { get; init; }

    [Description("The article as GET /articles/{id} shows it; absent on a tombstone.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ArticleResponse? Article { get; init; }
}

public sealed class SyncResponse
{
    [Description("Changes in the order they happened; an article appears once, at its latest change.")]
    public required IReadOnlyList<SyncItem> Items { get; init; }

    [Description("Keep it and pass it as since next time.")]
    public required string NextToken { get; init; }

    [Description("True when more changes wait: call again at once with nextToken.")]
    public required bool HasMore { get; init; }
}

public sealed class SyncArticlesEndpoint(SyncLog log, ArticleRepository articles, CursorCodec tokens, PublicUrls urls)
    : Endpoint<SyncArticlesRequest, SyncResponse>
{
    const string Scope = "sync";

    public override void Configure()
    {
        Get(SyncArticlesRequest.Route);
        AllowAnonymous();
        Tags("Sync");
        Summary(s =>
        {
            s.Summary = "Everything that changed in the public article set since a token, for offline-first apps";
            s.Description = "Start without since, then pass each nextToken back. Applying every item in order (store the article, " +
                            "or remove it on deleted: true) leaves an app holding exactly the published articles. An article " +
                            "scheduled for later arrives when its publish time has come.";
        });
    }

    public override async Task HandleAsync(SyncArticlesRequest req, CancellationToken ct)
    {
        if (!tokens.TryRead(req.Since, Scope, 1, out var since))
        {
            await this.SendProblemAsync(ProblemTypes.ValidationFailed, "since", "This token was not issued by /sync; start again without since.", ct);
            return;
        }
        var afterSeq = since is null ? 0 : long.Parse(since[0], CultureInfo.InvariantCulture);
        var limit = req.Limit ?? SyncArticlesRequest.DefaultLimit;

        HttpContext.Response.Headers.CacheControl = "no-cache";
        await log.NumberDueChangesAsync(ct);
        var changes = await log.ReadAsync(afterSeq, limit + 1, ct);
        var page = changes.Take(limit).ToList();
        var visible = await articles.FindVisibleAsync(page.Select(c => c.ArticleId).ToList(), ct);
        var parts = await articles.LoadPartsAsync(visible.Select(a => a.Id).ToList(), ct);
        var byId = visible.ToDictionary(a => a.Id);

        await Send.OkAsync(new SyncResponse
        {
            Items = page.Select(c => byId.TryGetValue(c.ArticleId, out var row)
                ? new SyncItem { Id = c.ArticleId, Deleted = false, Article = row.ToDetail(parts, urls) }
                : new SyncItem { Id = c.ArticleId, Deleted = true }).ToList(),
            NextToken = tokens.Encode(Scope, (page.Count > 0 ? page[^1].Seq : afterSeq).ToString(CultureInfo.InvariantCulture)),
            HasMore = changes.Count > limit,
        }, ct);
    }
}
