using System.Globalization;

namespace Cms.Api.Infrastructure;

/// <summary>UTC instants stored as fixed-width ISO-8601 text, so that text order is time order.</summary>
public static class Timestamps
{
    const string StorageFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(StorageFormat, CultureInfo.InvariantCulture);

    public static DateTime Parse(string stored) =>
        DateTime.ParseExact(stored, StorageFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static DateTime? ParseNullable(string? stored) => stored is null ? null : Parse(stored);
}
