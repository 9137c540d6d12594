using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Cms.Api.Infrastructure.Auth;

/// <summary>Keys are 256 random bits, so one SHA-256 is enough to store them safely (no salt or stretching needed).</summary>
public static class ApiKeys
{
    const string Marker = "cms_";

    /// <summary>The fewest characters a key chosen by an operator (the bootstrap key) may have.</summary>
    public const int MinLength = 32;

    /// <summary>The fewest different characters such a key may have, so that "aaaa…" or "1212…" is not a key.</summary>
    public const int MinDistinctCharacters = 10;

    /// <summary>How many of a key's first characters are ever shown (to tell keys apart): never more.</summary>
    public const int ShownPrefixLength = 8;

    const int StoredPrefixLength = 12;

    public static string Generate() => Marker + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string Prefix(string key) => key.Length <= StoredPrefixLength ? key : key[..StoredPrefixLength];

    /// <summary>What a key's stored prefix may show: its first <see cref="ShownPrefixLength"/> characters; of a short key
    /// stored before keys had a minimum length (whose stored prefix is the whole key), only a third.</summary>
    public static string ShownPrefix(string storedPrefix) =>
        storedPrefix.Length >= StoredPrefixLength ? storedPrefix[..ShownPrefixLength] : storedPrefix[..(storedPrefix.Length / 3)];

    /// <returns>Why this chosen key is too weak to be an admin key, or null when it is strong enough.</returns>
    public static string? Weakness(string key) =>
        key.Length < MinLength ? $"it has {key.Length} characters, and a key needs at least {MinLength}"
        : key.Distinct().Count() < MinDistinctCharacters ? $"it has fewer than {MinDistinctCharacters} different characters"
        : null;
}
