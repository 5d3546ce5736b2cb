namespace StreamSql.Runtime.Types;

/// <summary>
/// A value type as the runtime sees it: a <see cref="TypeKind"/>, the element type of arrays,
/// and the precision and scale of NUMERIC (-1 when unconstrained). Immutable; compare with ==.
/// The planner's SQL types map one-to-one onto these.
/// </summary>
public sealed record DataType(TypeKind Kind, DataType? Element = null, int Precision = -1, int Scale = -1)
{
    public static readonly DataType Unknown = new(TypeKind.Unknown);
    public static readonly DataType Boolean = new(TypeKind.Boolean);
    public static readonly DataType Int16 = new(TypeKind.Int16);
    public static readonly DataType Int32 = new(TypeKind.Int32);
    public static readonly DataType Int64 = new(TypeKind.Int64);
    public static readonly DataType Float32 = new(TypeKind.Float32);
    public static readonly DataType Float64 = new(TypeKind.Float64);
    public static readonly DataType Numeric = new(TypeKind.Numeric);
    public static readonly DataType Text = new(TypeKind.Text);
    public static readonly DataType Timestamp = new(TypeKind.Timestamp);
    public static readonly DataType TimestampTz = new(TypeKind.TimestampTz);
    public static readonly DataType Date = new(TypeKind.Date);
    public static readonly DataType Interval = new(TypeKind.Interval);
    public static readonly DataType Jsonb = new(TypeKind.Jsonb);

    public static DataType ArrayOf(DataType element) => new(TypeKind.Array, element);

    public static DataType NumericOf(int precision, int scale) => new(TypeKind.Numeric, null, precision, scale);

    public bool IsNumber => Kind is TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64
        or TypeKind.Float32 or TypeKind.Float64 or TypeKind.Numeric;

    public bool IsInteger => Kind is TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64;

    public bool IsTimestamp => Kind is TypeKind.Timestamp or TypeKind.TimestampTz;

    /// <summary>The PostgreSQL name of the type, as <c>format_type</c> prints it.</summary>
    public override string ToString() => Kind switch
    {
        TypeKind.Unknown => "unknown",
        TypeKind.Boolean => "boolean",
        TypeKind.Int16 => "smallint",
        TypeKind.Int32 => "integer",
        TypeKind.Int64 => "bigint",
        TypeKind.Float32 => "real",
        TypeKind.Float64 => "double precision",
        TypeKind.Numeric => Precision >= 0 ? $"numeric({Precision},{Math.Max(Scale, 0)})" : "numeric",
        TypeKind.Text => "text",
        TypeKind.Timestamp => "timestamp without time zone",
        TypeKind.TimestampTz => "timestamp with time zone",
        TypeKind.Date => "date",
        TypeKind.Interval => "interval",
        TypeKind.Jsonb => "jsonb",
        TypeKind.Array => $"{Element}[]",
        _ => Kind.ToString(),
    };
}
