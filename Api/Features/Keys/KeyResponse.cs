using System.ComponentModel;
using System.Text.Json.Serialization;
using Cms.Api.Infrastructure;
using Cms.Api.Infrastructure.Auth;
using Cms.Api.Infrastructure.OpenApi;

namespace Cms.Api.Features.Keys;

public class KeyResponse
{
    public KeyResponse() { }

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    protected KeyResponse(KeyResponse other)
    {
        (Id, Name, Prefix, Role, AuthorId, StationIds) = (other.Id, other.Name, other.Prefix, other.Role, other.AuthorId, other.StationIds);
        (ExpiresAt, ReadOnly, CreatedAt, LastUsedAt, RevokedAt) = (other.ExpiresAt, other.ReadOnly, other.CreatedAt, other.LastUsedAt, other.RevokedAt);
    }

    public required long Id { get; init; }
    public required string Name { get; init; }

    [Description("The first 8 characters of the key, to tell keys apart; the key itself is shown only when created.")]
    public required string Prefix { get; init; }

    [Description("contributor, author, editor or admin.")]
    [WireValues(typeof(Caller), nameof(Caller.RoleNames))]
    public required string Role { get; init; }

    [Description("The author this key acts as: its own articles are those with this author in a byline, or that it created.")]
    public required long? AuthorId { get; init; }

    [Description("The stations this key may work on; empty for all.")]
    public required IReadOnlyList<long> StationIds { get; init; }

    public required DateTime? ExpiresAt { get; init; }
    public required bool ReadOnly { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime? LastUsedAt { get; init; }
    public required DateTime? RevokedAt { get; init; }

    public static KeyResponse From(ApiKeyRow row) => new()
    {
        Id = row.Id,
        Name = row.Name,
        Prefix = ApiKeys.ShownPrefix(row.Prefix),
        Role = row.Role,
        AuthorId = row.AuthorId,
        StationIds = row.StationIds,
        ExpiresAt = Timestamps.ParseNullable(row.ExpiresAt),
        ReadOnly = row.ReadOnly != 0,
        CreatedAt = Timestamps.Parse(row.CreatedAt),
        LastUsedAt = Timestamps.ParseNullable(row.LastUsedAt),
        RevokedAt = Timestamps.ParseNullable(row.RevokedAt),
    };
}

/// <summary>A new key, with its secret: shown this once, stored only as a hash.</summary>
public sealed class CreatedKeyResponse : KeyResponse
{
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public CreatedKeyResponse(KeyResponse key, string secret) : base(key) => Key = secret;

    [Description("The API key. Store it now: it cannot be shown again. Send it as 'Authorization: Bearer <key>'.")]
    [JsonPropertyOrder(-1)]
    public required string Key { get; init; }
}
