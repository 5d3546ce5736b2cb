using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// What the planner's decorrelated scalar subqueries need at run time: a scalar subquery is planned
/// as a count of its rows and their first value per outer row, and yielding more than one row is
/// PostgreSQL's 21000 in a one-time query.
/// </summary>
public static class SubqueryFunctions
{
    /// <summary>The name of the check; not one PostgreSQL has, so no user query calls it by mistake.</summary>
    public const string SingleRow = "streamsql_scalar_subquery_row";

    internal static void Register(FunctionCatalogBuilder b) =>
        b.Add(SingleRow, [DataType.Int64, FunctionCatalogBuilder.AnyElement], FunctionCatalogBuilder.AnyElement,
            a => a[0] is long count && count > 1
                ? throw new SqlStateException("21000", "more than one row returned by a subquery used as an expression")
                : a[1],
            strict: false);
}
