using Cms.Api.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cms.Api.Data;

public static class SqliteErrors
{
    const int UniqueConstraint = 2067;
    const int PrimaryKeyConstraint = 1555;

    public static bool IsUniqueViolation(this SqliteException ex) =>
        ex.SqliteExtendedErrorCode is UniqueConstraint or PrimaryKeyConstraint;

    /// <summary>Runs a write whose unique constraint is the rule (a slug, an id), answering a violation as 409.</summary>
    public static async Task<T> ConflictOnDuplicate<T>(Func<Task<T>> write, string field, string message)
    {
        try
        {
            return await write();
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            throw ApiProblemException.Duplicate(field, message);
        }
    }
}
