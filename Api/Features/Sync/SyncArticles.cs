using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cms.Api.Features.Articles;
using Cms.Api.Features.Channels;
using Cms.Api.Features.Stations;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.OpenApi;
using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.WebUtilities;

namespace Cms.Api.Features.Sync;

public sealed class SyncArticlesRequest
{
    public const string Route = "/sync";

    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>A page stops before its items pass this many bytes of JSON (it always holds at least one item).</summary>
    public const int MaxPageBytes = 256 * 1024;

    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "since", "limit", "station", "channel",
    };

    [QueryParam, Description("The nextToken of the previous sync; omit to start from nothing. A token works only with the station " +
                             "and channel it was issued for.")]
    public string? Since { get; set; }

    [QueryParam, Description("Changes per call, 1 to 500 (default 100); fewer when their JSON would pass 256 KB. When hasMore is true, " +
                             "call again with nextToken.")]
    public int? Limit { get; set; }

    [QueryParam, Description("Sync only this station's articles: station id or slug, e.g. songyuan.")]
    public string? Station { get; set; }

    [QueryParam, Description("Sync only this channel's articles: channel id, or channel slug together with station.")]
    public string? Channel { get; set; }
}

public sealed class SyncArticlesValidator : Validator<SyncArticlesRequest>
{
    public SyncArticlesValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, SyncArticlesRequest.MaxLimit)
            .WithMessage($"limit must be between 1 and {SyncArticlesRequest.MaxLimit}.");
        RuleFor(x => x.Since).MaximumLength(512);
        RuleFor(x => x.Station).MaximumLength(ValidationRules.SlugMaxLength);
        RuleFor(x => x.Channel).MaximumLength(ValidationRules.SlugMaxLength);
    }
}

/// <summary>One change: the article as it now stands, or a tombstone when the public can no longer see it.</summary>
public sealed class SyncItem
{
    public required long Id { get; init; }

    [Description("True when the article was deleted, unpublished, moved out of the station or channel synced, or otherwise left " +
                 "the public view: remove it.")]
    public required bool Deleted { get; init; }

    [Description("The article as GET /articles/{id} shows it; absent on a tombstone.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ArticleResponse? Article { get; init; }
}

public sealed class SyncResponse
{
    [Description("Changes in the order they happened; an article appears once, at its latest change.")]
    public required IReadOnlyList<SyncItem> Items { get; init; }

    [Description("Keep it and pass it as since next time, with the same station and channel.")]
    public required string NextToken { get; init; }

    [Description("True when more changes wait: call again at once with nextToken.")]
    public required bool HasMore { get; init; }
}

public sealed class SyncArticlesEndpoint(
    SyncLog log, ArticleRepository articles, StationRepository stations, ChannelRepository channels, CursorCodec tokens, PublicUrls urls)
    : Endpoint<SyncArticlesRequest, SyncResponse>
{
    public const string TokenScope = "sync";

    public override void Configure()
    {
        Get(SyncArticlesRequest.Route);
        AllowAnonymous();
        Tags("Sync");
        Summary(s =>
        {
            s.Summary = "Everything that changed in the public article set since a token, for offline-first apps";
            s.Description = "Start without since, then pass each nextToken back. Applying every item in order (store the article, " +
                            "or remove it on deleted: true) leaves an app holding exactly the published articles (of the station " +
                            "or channel, when one is given). An article scheduled for later arrives when its publish time has come. " +
                            "Tombstones go only to readers who could have seen the article: a draft that was never public sends none. " +
                            $"A page holds at most limit items and stops before their JSON passes {SyncArticlesRequest.MaxPageBytes / 1024} KB " +
                            "(it always holds one); hasMore then says to call again. A token names the database it came from: after a " +
                            "restore from a backup, or from another copy of the database, it is refused with 410 (sync-restart-required): " +
                            "drop the local copy and sync again without since.";
        });
        Description(b => b.ProducesProblems(410));
    }

    public override async Task HandleAsync(SyncArticlesRequest req, CancellationToken ct)
    {
        var unknown = HttpContext.Request.Query.Keys.FirstOrDefault(k => !SyncArticlesRequest.Parameters.Contains(k));
        if (unknown is not null)
        {
            await this.SendProblemAsync(ProblemTypes.ValidationFailed, unknown,
                $"/sync has no parameter '{Problems.Quote(unknown)}'; it takes since, limit, station and channel.", ct);
            return;
        }
        // Before the first read, which starts the request's read snapshot: the snapshot then holds the new numbers.
        await log.NumberDueChangesAsync(ct);
        var scope = await ResolveAsync(req, ct);
        if (scope is null) { await Send.ErrorsAsync(cancellation: ct); return; }

        var database = await log.DatabaseIdentityAsync(ct);
        var stationText = scope.StationId?.ToString(CultureInfo.InvariantCulture) ?? "";
        var channelText = scope.ChannelId?.ToString(CultureInfo.InvariantCulture) ?? "";
        if (await ReadSinceAsync(req.Since, database, stationText, channelText, ct) is not { } afterSeq) { return; }
        var limit = req.Limit ?? SyncArticlesRequest.DefaultLimit;

        HttpContext.Response.Headers.CacheControl = "no-cache";
        var read = await log.ReadAsync(afterSeq, limit + 1, scope, ct);
        if (afterSeq > read.IssuedSeq)
        {
            await SendRestartAsync("This token names changes this database has never issued: it was restored from a backup or replaced.", ct);
            return;
        }
        var candidates = read.Changes.Take(limit).ToList();
        var visible = await articles.FindVisibleAsync(candidates.Select(c => c.ArticleId).ToList(), ct);
        var parts = await articles.LoadPartsAsync(visible.Select(a => a.Id).ToList(), ct);
        var inScope = visible
            .Where(a => (scope.StationId is null || a.StationId == scope.StationId) && (scope.ChannelId is null || a.ChannelId == scope.ChannelId))
            .ToDictionary(a => a.Id);

        var items = ItemsWithinBudget(candidates, inScope, parts);
        var hasMore = items.Count < candidates.Count || read.Changes.Count > limit;
        // A page that read to the end has seen every change this snapshot holds: the next call starts after all of them,
        // so a reader of a quiet scope does not walk again the changes that reach other scopes.
        var position = hasMore ? candidates[items.Count - 1].Seq : Math.Max(afterSeq, read.IssuedSeq);

        await Send.OkAsync(new SyncResponse
        {
            Items = items,
            NextToken = tokens.Encode(TokenScope, database, stationText, channelText, position.ToString(CultureInfo.InvariantCulture)),
            HasMore = hasMore,
        }, ct);
    }

    /// <summary>The item of each change in order, the article or a tombstone, stopping before their JSON passes the page's
    /// byte budget; the first is always taken, however large.</summary>
    List<SyncItem> ItemsWithinBudget(List<ChangeRow> changes, Dictionary<long, ArticleRow> inScope, ArticleParts parts)
    {
        var items = new List<SyncItem>();
        long bytes = 0;
        foreach (var change in changes)
        {
            var item = inScope.TryGetValue(change.ArticleId, out var row)
                ? new SyncItem { Id = change.ArticleId, Deleted = false, Article = row.ToDetail(parts, urls) }
                : new SyncItem { Id = change.ArticleId, Deleted = true };
            bytes += JsonSerializer.SerializeToUtf8Bytes(item, Json.Options).Length + 1;
            if (items.Count > 0 && bytes > SyncArticlesRequest.MaxPageBytes) { break; }
            items.Add(item);
        }
        return items;
    }

    /// <returns>The change number to read after (0 without a token), or null when the token was refused (the problem is sent).</returns>
    async Task<long?> ReadSinceAsync(string? token, string database, string stationText, string channelText, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token)) { return 0; }
        if (!tokens.TryDecode(token, TokenScope, 4, out var since))
        {
            if (tokens.TryDecode(token, TokenScope, 1, out _))
            {
                await SendRestartAsync("This token comes from before tokens named their database.", ct);
                return null;
            }
            // Another database signs with another secret, so its token cannot be verified here; one that reads as a
            // sync token naming another database is answered as such. Nothing is read from it but that name.
            if (UnverifiedParts(token) is [var named, _, _, _] && named != database)
            {
                await SendRestartAsync("This token was issued by another database.", ct);
                return null;
            }
            await this.SendProblemAsync(ProblemTypes.ValidationFailed, "since", "This token was not issued by /sync; start again without since.", ct);
            return null;
        }
        if (since[0] != database)
        {
            await SendRestartAsync("This token was issued by another database, or by this one before it was restored from a backup.", ct);
            return null;
        }
        if (since[1] != stationText || since[2] != channelText)
        {
            await this.SendProblemAsync(ProblemTypes.ValidationFailed, "since",
                $"This token was issued for {Describe(since[1], since[2])}, not for {Describe(stationText, channelText)}; " +
                "use it with the station and channel it came with, or start this scope without since.", ct);
            return null;
        }
        return long.Parse(since[3], CultureInfo.InvariantCulture);
    }

    static string[]? UnverifiedParts(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) { return null; }
        try { return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token[..dot])).Split('\n'); }
        catch (FormatException) { return null; }
    }

    Task SendRestartAsync(string why, CancellationToken ct) =>
        this.SendProblemAsync(ProblemTypes.SyncRestartRequired, why + " Drop the articles synced so far and sync again without since.", ct);

    static string Describe(string station, string channel) =>
        (station, channel) switch
        {
            ("", "") => "every station",
            (_, "") => $"station {station}",
            ("", _) => $"channel {channel}",
            _ => $"channel {channel} of station {station}",
        };

    /// <summary>Turns ids or slugs into ids, as the article list does; a filter naming nothing is an error.</summary>
    async Task<SyncScope?> ResolveAsync(SyncArticlesRequest req, CancellationToken ct)
    {
        var filter = await StationChannelFilter.ResolveAsync(stations, channels, req.Station, req.Channel, ct);
        if (filter.StationError is { } stationError) { AddError(r => r.Station, stationError); }
        if (filter.ChannelError is { } channelError) { AddError(r => r.Channel, channelError); }
        return ValidationFailed ? null : new SyncScope(filter.StationId, filter.ChannelId);
    }
}
