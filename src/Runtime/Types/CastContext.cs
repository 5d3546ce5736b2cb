namespace StreamSql.Runtime.Types;

/// <summary>
/// Where a cast may be applied, as PostgreSQL's <c>pg_cast.castcontext</c>: an implicit cast
/// is also allowed in assignment and explicit contexts, an assignment cast also explicitly.
/// The order of the members is that inclusion: a smaller value is usable in more places.
/// </summary>
public enum CastContext : byte
{
    /// <summary>Applied silently in expressions (int4 → int8).</summary>
    Implicit,
    /// <summary>Applied when storing into a column (int8 → int4, numeric → int4).</summary>
    Assignment,
    /// <summary>Only with <c>CAST</c> or <c>::</c> (text → int4, int4 → boolean).</summary>
    Explicit,
}
