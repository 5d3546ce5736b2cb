namespace StreamSql.Runtime.Types;

/// <summary>
/// Which casts exist and where they apply, following PostgreSQL 15's <c>pg_cast</c> for the
/// runtime's types, plus its I/O conversion casts (to text: assignment; from text: explicit).
/// Untyped literals (<see cref="TypeKind.Unknown"/>) coerce implicitly to anything; the binder
/// decides the type they take.
/// </summary>
public static class CastRules
{
    /// <summary>The context of the cast from <paramref name="from"/> to <paramref name="to"/>, or null when none exists.</summary>
    public static CastContext? Find(DataType from, DataType to)
    {
        if (from.Kind == to.Kind && from.Kind != TypeKind.Array) return CastContext.Implicit;
        if (from.Kind == TypeKind.Unknown) return CastContext.Implicit;
        if (from.Kind == TypeKind.Array && to.Kind == TypeKind.Array)
            return Find(from.Element ?? DataType.Unknown, to.Element ?? DataType.Unknown);
        if (to.Kind == TypeKind.Text) return CastContext.Assignment;
        if (from.Kind == TypeKind.Text) return to.Kind == TypeKind.Unknown ? null : CastContext.Explicit;
        return (from.Kind, to.Kind) switch
        {
            (TypeKind.Int16, TypeKind.Int32 or TypeKind.Int64 or TypeKind.Float32 or TypeKind.Float64 or TypeKind.Numeric) => CastContext.Implicit,
            (TypeKind.Int32, TypeKind.Int64 or TypeKind.Float32 or TypeKind.Float64 or TypeKind.Numeric) => CastContext.Implicit,
            (TypeKind.Int32, TypeKind.Int16) => CastContext.Assignment,
            (TypeKind.Int32, TypeKind.Boolean) => CastContext.Explicit,
            (TypeKind.Int64, TypeKind.Float32 or TypeKind.Float64 or TypeKind.Numeric) => CastContext.Implicit,
            (TypeKind.Int64, TypeKind.Int16 or TypeKind.Int32) => CastContext.Assignment,
            (TypeKind.Float32, TypeKind.Float64) => CastContext.Implicit,
            (TypeKind.Float32, TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Numeric) => CastContext.Assignment,
            (TypeKind.Float64, TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Float32 or TypeKind.Numeric) => CastContext.Assignment,
            (TypeKind.Numeric, TypeKind.Float32 or TypeKind.Float64) => CastContext.Implicit,
            (TypeKind.Numeric, TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64) => CastContext.Assignment,
            (TypeKind.Boolean, TypeKind.Int32) => CastContext.Explicit,
            (TypeKind.Date, TypeKind.Timestamp or TypeKind.TimestampTz) => CastContext.Implicit,
            (TypeKind.Timestamp, TypeKind.TimestampTz) => CastContext.Implicit,
            (TypeKind.Timestamp, TypeKind.Date) => CastContext.Assignment,
            (TypeKind.TimestampTz, TypeKind.Timestamp or TypeKind.Date) => CastContext.Assignment,
            (TypeKind.Jsonb, TypeKind.Boolean or TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64
                or TypeKind.Float32 or TypeKind.Float64 or TypeKind.Numeric) => CastContext.Explicit,
            _ => null,
        };
    }

    /// <summary>Whether a cast from <paramref name="from"/> to <paramref name="to"/> may be applied in <paramref name="context"/>.</summary>
    public static bool CanCast(DataType from, DataType to, CastContext context) =>
        Find(from, to) is { } c && c <= context;

    /// <summary>Whether <paramref name="from"/> converts to <paramref name="to"/> silently in an expression.</summary>
    public static bool CanImplicitlyCast(DataType from, DataType to) => CanCast(from, to, CastContext.Implicit);

    /// <summary>
    /// The type two branches of a UNION, CASE, COALESCE, GREATEST or IN list resolve to, as
    /// PostgreSQL's <c>select_common_type</c>: the one the other converts to implicitly
    /// (int4 and numeric → numeric, int8 and float4 → float4, date and timestamp → timestamp);
    /// unknown literals take the other type, two unknowns are text. Null when neither converts
    /// implicitly to the other (the binder reports 42804 "types x and y cannot be matched").
    /// </summary>
    public static DataType? CommonType(DataType a, DataType b) =>
        Unify(a, b) is { Kind: TypeKind.Unknown } ? DataType.Text : Unify(a, b);

    /// <summary>One step of the left-to-right resolution: unknown (an untyped literal) defers to the other side and stays unknown against unknown.</summary>
    private static DataType? Unify(DataType a, DataType b)
    {
        if (a.Kind == TypeKind.Unknown) return b;
        if (b.Kind == TypeKind.Unknown) return a;
        if (a == b) return a;
        if (a.Kind == b.Kind)
        {
            // Different character types meet as text (a char value without its padding), as in PostgreSQL.
            if (a.Kind == TypeKind.Text) return DataType.Text;
            if (a.Kind == TypeKind.Numeric) return DataType.Numeric;
            if (a.Kind == TypeKind.Array)
                return Unify(a.Element ?? DataType.Unknown, b.Element ?? DataType.Unknown) is { } e ? DataType.ArrayOf(e) : null;
            return a;
        }
        var ab = CanImplicitlyCast(a, b);
        var ba = CanImplicitlyCast(b, a);
        if (ab && !ba) return b.Kind == TypeKind.Numeric ? DataType.Numeric : b;
        if (ba && !ab) return a.Kind == TypeKind.Numeric ? DataType.Numeric : a;
        return null;
    }

    /// <summary>The common type of several types (left to right, as PostgreSQL resolves them), or null.</summary>
    public static DataType? CommonType(IEnumerable<DataType> types)
    {
        DataType? result = null;
        foreach (var t in types)
        {
            if (result is null) { result = t; continue; }
            result = Unify(result, t);
            if (result is null) return null;
        }
        return result is { Kind: TypeKind.Unknown } ? DataType.Text : result;
    }
}
