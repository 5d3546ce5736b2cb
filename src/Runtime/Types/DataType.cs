namespace StreamSql.Runtime.Types;

/// <summary>
/// A value type as the runtime sees it: a <see cref="TypeKind"/>, the element type of arrays,
/// the precision and scale of NUMERIC (-1 when unconstrained), and for text which character type it
/// is (<c>varchar(n)</c>, <c>char(n)</c>: the length n in <see cref="Precision"/>). Immutable; compare with ==.
/// The planner's SQL types map one-to-one onto these.
/// </summary>
public sealed record DataType(TypeKind Kind, DataType? Element = null, int Precision = -1, int Scale = -1, CharacterKind Character = CharacterKind.Text)
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

    /// <summary><c>character varying(n)</c>: a string of at most n characters.</summary>
    public static DataType VarcharOf(int length) => new(TypeKind.Text, null, length, -1, CharacterKind.Varying);

    /// <summary><c>character(n)</c>: a string of n characters, padded with spaces.</summary>
    public static DataType CharOf(int length) => new(TypeKind.Text, null, length, -1, CharacterKind.Padded);

    /// <summary>The declared length of <c>varchar(n)</c> or <c>char(n)</c>; -1 for every other type.</summary>
    public int MaxLength => Kind == TypeKind.Text && Character != CharacterKind.Text ? Precision : -1;

    /// <summary>The type's name without its modifier, as <c>regtype</c> (and so <c>pg_typeof</c>) prints it.</summary>
    public string BaseName => Kind switch
    {
        TypeKind.Numeric => "numeric",
        TypeKind.Text => Character switch { CharacterKind.Varying => "character varying", CharacterKind.Padded => "character", _ => "text" },
        TypeKind.Array => $"{Element?.BaseName}[]",
        _ => ToString(),
    };

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
        TypeKind.Text => Character switch
        {
            CharacterKind.Varying => Precision >= 0 ? $"character varying({Precision})" : "character varying",
            CharacterKind.Padded => Precision >= 0 ? $"character({Precision})" : "bpchar",
            _ => "text",
        },
        TypeKind.Timestamp => "timestamp without time zone",
        TypeKind.TimestampTz => "timestamp with time zone",
        TypeKind.Date => "date",
        TypeKind.Interval => "interval",
        TypeKind.Jsonb => "jsonb",
        TypeKind.Array => $"{Element}[]",
        _ => Kind.ToString(),
    };
}
