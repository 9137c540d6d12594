using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.WebUtilities;

namespace Cms.Api.Infrastructure;

public abstract class PageQuery
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    [QueryParam, Description("Items per page, 1 to 100 (default 20).")]
    public int? Limit { get; set; }

    [QueryParam, Description("The nextCursor of the previous page; omit for the first page.")]
    public string? Cursor { get; set; }

    public int PageSize => Limit ?? DefaultLimit;
}

public sealed class PageQueryValidator : AbstractValidator<PageQuery>
{
    public PageQueryValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, PageQuery.MaxLimit)
            .WithMessage($"limit must be between 1 and {PageQuery.MaxLimit}.");
        RuleFor(x => x.Cursor).MaximumLength(512);
    }
}

/// <summary>One page of a list. In this code "page" means only that; the name stays because the contract names its
/// schemas after it ("ChannelResponsePage").</summary>
public sealed class Page<T>
{
    public required IReadOnlyList<T> Items { get; init; }

    [Description("Pass as cursor to get the next page; null on the last page.")]
    public string? NextCursor { get; init; }

    [Description("How many items the whole list has; only when asked for with count=true.")]
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? Total { get; init; }
}

public static class Page
{
    /// <summary>Builds a page from rows fetched with limit + 1, so the extra row tells whether more exist.</summary>
    public static Page<T> Of<TRow, T>(IReadOnlyList<TRow> rows, int limit, Func<TRow, T> map, Func<TRow, string> cursorOf, long? total = null) => new()
    {
        Items = rows.Take(limit).Select(map).ToList(),
        NextCursor = rows.Count > limit ? cursorOf(rows[limit - 1]) : null,
        Total = total,
    };
}

/// <summary>Opaque, signed keyset cursors. The signature covers the list they belong to (its scope), so a cursor
/// edited by hand or taken from another list or filter is refused instead of silently skipping rows.</summary>
public sealed class CursorCodec(byte[] secret)
{
    const char Separator = '\n';

    public string Encode(string scope, params string[] values)
    {
        var payload = string.Join(Separator, values);
        return WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(payload)) + "." + WebEncoders.Base64UrlEncode(Mac(scope, payload));
    }

    public bool TryDecode(string cursor, string scope, int count, out string[] values)
    {
        values = [];
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) { return false; }
        try
        {
            var payload = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor[..dot]));
            var mac = WebEncoders.Base64UrlDecode(cursor[(dot + 1)..]);
            if (!CryptographicOperations.FixedTimeEquals(mac, Mac(scope, payload))) { return false; }
            values = payload.Split(Separator);
            return values.Length == count;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    byte[] Mac(string scope, string payload) =>
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(scope + Separator + payload)).AsSpan(0, 16).ToArray();
}

public static class CursorExtensions
{
    /// <summary>Reads the keyset position of a cursor, or null for the first page.</summary>
    /// <returns>False when a cursor was sent that this list did not issue.</returns>
    public static bool TryRead(this CursorCodec codec, string? cursor, string scope, int count, out string[]? values)
    {
        values = null;
        if (string.IsNullOrEmpty(cursor)) { return true; }
        if (!codec.TryDecode(cursor, scope, count, out var decoded)) { return false; }
        values = decoded;
        return true;
    }

    public static Task SendInvalidCursorAsync(this IEndpoint ep, CancellationToken ct) =>
        ep.SendProblemAsync(ProblemTypes.ValidationFailed, "cursor",
            "This cursor was not issued for this list and these filters; start again without a cursor.", ct);
}
