using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamSql.Runtime.Types;

/// <summary>
/// PostgreSQL type identities of the runtime's types: OIDs on the wire, <c>pg_type</c> rows for
/// the catalog, type modifiers, and the type names SQL text may spell.
/// </summary>
public static partial class PgTypes
{
    public const int BoolOid = 16;
    public const int Int2Oid = 21;
    public const int Int4Oid = 23;
    public const int Int8Oid = 20;
    public const int Float4Oid = 700;
    public const int Float8Oid = 701;
    public const int NumericOid = 1700;
    public const int TextOid = 25;
    public const int VarcharOid = 1043;
    public const int BpcharOid = 1042;
    public const int NameOid = 19;
    public const int TimestampOid = 1114;
    public const int TimestampTzOid = 1184;
    public const int DateOid = 1082;
    public const int IntervalOid = 1186;
    public const int JsonOid = 114;
    public const int JsonbOid = 3802;
    public const int UnknownOid = 705;

    private static readonly PgTypeInfo[] BaseTypes =
    [
        new(BoolOid, "bool", 1, 1000, 0, 'B', true, DataType.Boolean),
        new(Int2Oid, "int2", 2, 1005, 0, 'N', false, DataType.Int16),
        new(Int4Oid, "int4", 4, 1007, 0, 'N', false, DataType.Int32),
        new(Int8Oid, "int8", 8, 1016, 0, 'N', false, DataType.Int64),
        new(Float4Oid, "float4", 4, 1021, 0, 'N', false, DataType.Float32),
        new(Float8Oid, "float8", 8, 1022, 0, 'N', true, DataType.Float64),
        new(NumericOid, "numeric", -1, 1231, 0, 'N', false, DataType.Numeric),
        new(TextOid, "text", -1, 1009, 0, 'S', true, DataType.Text),
        new(TimestampOid, "timestamp", 8, 1115, 0, 'D', false, DataType.Timestamp),
        new(TimestampTzOid, "timestamptz", 8, 1185, 0, 'D', true, DataType.TimestampTz),
        new(DateOid, "date", 4, 1182, 0, 'D', false, DataType.Date),
        new(IntervalOid, "interval", 16, 1187, 0, 'T', true, DataType.Interval),
        new(JsonbOid, "jsonb", -1, 3807, 0, 'U', false, DataType.Jsonb),
        new(UnknownOid, "unknown", -2, 0, 0, 'X', false, DataType.Unknown),
    ];

    /// <summary>Types clients may name by OID that the runtime stores as one of its own kinds.</summary>
    private static readonly PgTypeInfo[] AliasTypes =
    [
        new(VarcharOid, "varchar", -1, 1015, 0, 'S', false, DataType.Text),
        new(BpcharOid, "bpchar", -1, 1014, 0, 'S', false, DataType.Text),
        new(NameOid, "name", 64, 1003, 0, 'S', false, DataType.Text),
        new(JsonOid, "json", -1, 199, 0, 'U', false, DataType.Jsonb),
    ];

    private static readonly FrozenDictionary<TypeKind, PgTypeInfo> ByKind =
        BaseTypes.ToFrozenDictionary(t => t.Type.Kind);

    private static readonly FrozenDictionary<int, PgTypeInfo> ByOid = BuildOidTable();

    private static readonly FrozenDictionary<string, DataType> ByName = new Dictionary<string, DataType>
    {
        ["bool"] = DataType.Boolean, ["boolean"] = DataType.Boolean,
        ["int2"] = DataType.Int16, ["smallint"] = DataType.Int16,
        ["int"] = DataType.Int32, ["integer"] = DataType.Int32, ["int4"] = DataType.Int32,
        ["int8"] = DataType.Int64, ["bigint"] = DataType.Int64,
        ["real"] = DataType.Float32, ["float4"] = DataType.Float32,
        ["float8"] = DataType.Float64, ["float"] = DataType.Float64, ["double precision"] = DataType.Float64,
        ["double"] = DataType.Float64,
        ["numeric"] = DataType.Numeric, ["decimal"] = DataType.Numeric,
        ["text"] = DataType.Text, ["varchar"] = DataType.Text, ["character varying"] = DataType.Text,
        ["string"] = DataType.Text, ["char"] = DataType.Text, ["character"] = DataType.Text,
        ["bpchar"] = DataType.Text, ["name"] = DataType.Text,
        ["timestamp"] = DataType.Timestamp, ["timestamp without time zone"] = DataType.Timestamp,
        ["timestamptz"] = DataType.TimestampTz, ["timestamp with time zone"] = DataType.TimestampTz,
        ["date"] = DataType.Date,
        ["interval"] = DataType.Interval,
        ["jsonb"] = DataType.Jsonb, ["json"] = DataType.Jsonb,
    }.ToFrozenDictionary();

    private static FrozenDictionary<int, PgTypeInfo> BuildOidTable()
    {
        var table = new Dictionary<int, PgTypeInfo>();
        foreach (var t in BaseTypes.Concat(AliasTypes))
        {
            table[t.Oid] = t;
            if (t.ArrayOid != 0)
                table[t.ArrayOid] = new PgTypeInfo(t.ArrayOid, "_" + t.Name, -1, 0, t.Oid, 'A', false, DataType.ArrayOf(t.Type));
        }
        return table.ToFrozenDictionary();
    }

    /// <summary>Every <c>pg_type</c> row the server exposes: base types, their aliases and their array types.</summary>
    public static IReadOnlyCollection<PgTypeInfo> All => ByOid.Values;

    /// <summary>The <c>pg_type</c> row of a type; arrays of arrays have no row of their own and use the one-level array row.</summary>
    public static PgTypeInfo Info(DataType type)
    {
        if (type.Kind == TypeKind.Array)
        {
            var element = type.Element ?? DataType.Unknown;
            while (element.Kind == TypeKind.Array) element = element.Element ?? DataType.Unknown;
            var e = ByKind[element.Kind];
            return e.ArrayOid != 0 ? ByOid[e.ArrayOid] : new PgTypeInfo(0, "anyarray", -1, 0, 0, 'A', false, type);
        }
        return type.Kind == TypeKind.Text && type.Character != CharacterKind.Text
            ? ByOid[type.Character == CharacterKind.Varying ? VarcharOid : BpcharOid]
            : ByKind[type.Kind];
    }

    /// <summary>The OID sent in RowDescription and ParameterDescription.</summary>
    public static int Oid(DataType type) => Info(type).Oid;

    /// <summary>The type for an OID a client sent (varchar, bpchar and name read as text, json as jsonb), or null.</summary>
    public static DataType? FromOid(int oid) => ByOid.TryGetValue(oid, out var t) ? t.Type : null;

    /// <summary>The <c>pg_type</c> row for an OID, or null.</summary>
    public static PgTypeInfo? InfoFromOid(int oid) => ByOid.GetValueOrDefault(oid);

    /// <summary>
    /// The <c>atttypmod</c> of a column: <c>((precision &lt;&lt; 16) | scale) + 4</c> for a constrained
    /// numeric, <c>n + 4</c> for <c>varchar(n)</c> and <c>char(n)</c>, -1 otherwise (as RowDescription carries it).
    /// </summary>
    public static int TypeModifier(DataType type) =>
        type.Kind == TypeKind.Numeric && type.Precision >= 0 ? ((type.Precision << 16) | Math.Max(type.Scale, 0)) + 4
        : type.MaxLength >= 0 ? type.MaxLength + 4
        : -1;

    /// <summary>
    /// The type a SQL type name denotes, case-insensitive, with modifiers and array suffixes:
    /// <c>int</c>, <c>double precision</c>, <c>numeric(10,2)</c>, <c>varchar(20)</c>,
    /// <c>timestamp with time zone</c>, <c>text[]</c>. Null when the name is unknown or its
    /// modifier is invalid (numeric precision must be 1..28 and scale 0..precision).
    /// </summary>
    public static DataType? FromSqlName(string name)
    {
        var text = Whitespace().Replace(name.Trim().ToLowerInvariant(), " ");
        var arrayDepth = 0;
        while (true)
        {
            if (text.EndsWith("[]", StringComparison.Ordinal)) text = text[..^2].TrimEnd();
            else if (text.EndsWith(" array", StringComparison.Ordinal)) text = text[..^6].TrimEnd();
            else break;
            arrayDepth++;
        }

        var modifiers = Array.Empty<int>();
        var open = text.IndexOf('(');
        if (open >= 0)
        {
            var close = text.IndexOf(')', open);
            if (close < 0) return null;
            var parts = text[(open + 1)..close].Split(',');
            modifiers = new int[parts.Length];
            for (var i = 0; i < parts.Length; i++)
                if (!int.TryParse(parts[i].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out modifiers[i]))
                    return null;
            // "timestamp(3) with time zone" keeps words after the modifier.
            text = (text[..open].TrimEnd() + " " + text[(close + 1)..].Trim()).Trim();
        }

        DataType? type;
        if (text is "float" && modifiers.Length == 1)
        {
            if (modifiers[0] < 1 || modifiers[0] > 53) return null;
            type = modifiers[0] <= 24 ? DataType.Float32 : DataType.Float64;
        }
        else if (!ByName.TryGetValue(text, out type))
        {
            return null;
        }
        else if (type.Kind == TypeKind.Numeric && modifiers.Length > 0)
        {
            if (modifiers.Length > 2) return null;
            var precision = modifiers[0];
            var scale = modifiers.Length == 2 ? modifiers[1] : 0;
            if (precision < 1 || precision > NumericMath.MaxPrecision || scale < 0 || scale > precision) return null;
            type = DataType.NumericOf(precision, scale);
        }
        else if (modifiers.Length > 0)
        {
            // varchar(n), char(n), timestamp(p), interval(p): accepted, the modifier is not enforced.
            if (type.Kind is not (TypeKind.Text or TypeKind.Timestamp or TypeKind.TimestampTz or TypeKind.Interval)
                || modifiers.Length != 1 || modifiers[0] < 0)
                return null;
        }

        for (var i = 0; i < arrayDepth; i++) type = DataType.ArrayOf(type);
        return type;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
