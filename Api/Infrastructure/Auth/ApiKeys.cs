using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Cms.Api.Infrastructure.Auth;

/// <summary>Keys are 256 random bits, so one SHA-256 is enough to store them safely (no salt or stretching needed).</summary>
public static class ApiKeys
{
    const string Marker = "cms_";

    public static string Generate() => Marker + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string Prefix(string key) => key.Length <= 12 ? key : key[..12];
}
