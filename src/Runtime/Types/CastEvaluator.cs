using System.Text.Json;

namespace StreamSql.Runtime.Types;

/// <summary>
/// Casts between boxed values with PostgreSQL's semantics: float → integer rounds half to even
/// (rint), numeric → integer half away from zero, out-of-range results are 22003
/// ("integer out of range"), NUMERIC(p,s) targets round to s and check p, boolean → text is
/// <c>true</c>/<c>false</c>, text → anything is the type's input function, timestamp ↔
/// timestamptz goes through the session time zone. Whether a cast is allowed in a context is
/// <see cref="CastRules"/>' question; this class performs any cast that exists.
/// </summary>
public static class CastEvaluator
{
    public static object? Cast(object? value, DataType from, DataType to, TimeZoneInfo? tz = null)
    {
        if (value is null) return null;
        tz ??= TimeZoneInfo.Utc;
        if (from.Kind == to.Kind && from.Kind != TypeKind.Array)
            return to.Kind == TypeKind.Numeric && to.Precision >= 0 ? NumericMath.ApplyTypeModifier((decimal)value, to.Precision, to.Scale)
                // A cast is explicit here (assignment goes through CharacterLength with its own context).
                : to.MaxLength >= 0 ? CharacterLength.Apply(from.Character == CharacterKind.Padded ? CharacterLength.ToText((string)value) : (string)value, to, CastContext.Explicit)
                : from.Character == CharacterKind.Padded && to.Character != CharacterKind.Padded ? CharacterLength.ToText((string)value)
                : value;
        if (from.Kind is TypeKind.Text or TypeKind.Unknown) return ValueParser.Parse((string)value, to, tz);
        if (to.Kind == TypeKind.Text)
            return CharacterLength.Apply(from.Kind == TypeKind.Boolean ? ((bool)value ? "true" : "false") : ValueFormatter.Format(value, from, tz)!, to, CastContext.Explicit);

        switch (to.Kind)
        {
            case TypeKind.Int16:
                return from.Kind switch
                {
                    TypeKind.Int32 => CheckedMath.ToInt16((int)value),
                    TypeKind.Int64 => CheckedMath.ToInt16((long)value),
                    TypeKind.Float32 => CheckedMath.ToInt16((float)value),
                    TypeKind.Float64 => CheckedMath.ToInt16((double)value),
                    TypeKind.Numeric => CheckedMath.ToInt16((decimal)value),
                    TypeKind.Jsonb => CheckedMath.ToInt16(JsonNumber((string)value, "smallint")),
                    _ => throw Unsupported(from, to),
                };
            case TypeKind.Int32:
                return from.Kind switch
                {
                    TypeKind.Int16 => (int)(short)value,
                    TypeKind.Int64 => CheckedMath.ToInt32((long)value),
                    TypeKind.Float32 => CheckedMath.ToInt32((float)value),
                    TypeKind.Float64 => CheckedMath.ToInt32((double)value),
                    TypeKind.Numeric => CheckedMath.ToInt32((decimal)value),
                    TypeKind.Boolean => (bool)value ? 1 : 0,
                    TypeKind.Jsonb => CheckedMath.ToInt32(JsonNumber((string)value, "integer")),
                    _ => throw Unsupported(from, to),
                };
            case TypeKind.Int64:
                return from.Kind switch
                {
                    TypeKind.Int16 => (long)(short)value,
                    TypeKind.Int32 => (long)(int)value,
                    TypeKind.Float32 => CheckedMath.ToInt64((float)value),
                    TypeKind.Float64 => CheckedMath.ToInt64((double)value),
                    TypeKind.Numeric => CheckedMath.ToInt64((decimal)value),
                    TypeKind.Jsonb => CheckedMath.ToInt64(JsonNumber((string)value, "bigint")),
                    _ => throw Unsupported(from, to),
                };
            case TypeKind.Float32:
                return from.Kind switch
                {
                    TypeKind.Int16 => (float)(short)value,
                    TypeKind.Int32 => (float)(int)value,
                    TypeKind.Int64 => (float)(long)value,
                    TypeKind.Float64 => CheckedMath.ToFloat32((double)value),
                    TypeKind.Numeric => (float)(decimal)value,
                    TypeKind.Jsonb => (float)JsonNumber((string)value, "real"),
                    _ => throw Unsupported(from, to),
                };
            case TypeKind.Float64:
                return from.Kind switch
                {
                    TypeKind.Int16 => (double)(short)value,
                    TypeKind.Int32 => (double)(int)value,
                    TypeKind.Int64 => (double)(long)value,
                    TypeKind.Float32 => (double)(float)value,
                    TypeKind.Numeric => (double)(decimal)value,
                    TypeKind.Jsonb => (double)JsonNumber((string)value, "double precision"),
                    _ => throw Unsupported(from, to),
                };
            case TypeKind.Numeric:
            {
                decimal d = from.Kind switch
                {
                    TypeKind.Int16 => (short)value,
                    TypeKind.Int32 => (int)value,
                    TypeKind.Int64 => (long)value,
                    TypeKind.Float32 => FloatToNumeric((float)value, 6),
                    TypeKind.Float64 => FloatToNumeric((double)value, 15),
                    TypeKind.Jsonb => JsonNumber((string)value, "numeric"),
                    _ => throw Unsupported(from, to),
                };
                return to.Precision >= 0 ? NumericMath.ApplyTypeModifier(d, to.Precision, to.Scale) : d;
            }
            case TypeKind.Boolean:
                return from.Kind switch
                {
                    TypeKind.Int32 => (int)value != 0,
                    TypeKind.Jsonb => JsonBoolean((string)value),
                    _ => throw Unsupported(from, to),
                };
            case TypeKind.Timestamp:
                return from.Kind switch
                {
                    TypeKind.Date => DateToMicros((int)value),
                    TypeKind.TimestampTz => CivilTime.UtcToLocal(tz, (long)value),
                    _ => throw Unsupported(from, to),
                };
            case TypeKind.TimestampTz:
                return from.Kind switch
                {
                    TypeKind.Date => LocalToUtcOrInfinite(tz, DateToMicros((int)value)),
                    TypeKind.Timestamp => LocalToUtcOrInfinite(tz, (long)value),
                    _ => throw Unsupported(from, to),
                };
            case TypeKind.Date:
                return from.Kind switch
                {
                    TypeKind.Timestamp => MicrosToDate((long)value),
                    TypeKind.TimestampTz => MicrosToDate(CivilTime.UtcToLocal(tz, (long)value)),
                    _ => throw Unsupported(from, to),
                };
            case TypeKind.Array when from.Kind == TypeKind.Array:
            {
                var items = (object?[])value;
                var result = new object?[items.Length];
                var fe = from.Element ?? DataType.Text;
                var te = to.Element ?? DataType.Text;
                for (var i = 0; i < items.Length; i++) result[i] = Cast(items[i], fe, te, tz);
                return result;
            }
            default:
                throw Unsupported(from, to);
        }
    }

    /// <summary>Midnight of a date as timestamp microseconds (infinite dates stay infinite).</summary>
    public static long DateToMicros(int days) => days switch
    {
        CivilTime.DatePositiveInfinity => CivilTime.PositiveInfinity,
        CivilTime.DateNegativeInfinity => CivilTime.NegativeInfinity,
        _ => days * Interval.MicrosPerDay,
    };

    /// <summary>The date of a timestamp (infinite timestamps give infinite dates).</summary>
    public static int MicrosToDate(long micros) => micros switch
    {
        CivilTime.PositiveInfinity => CivilTime.DatePositiveInfinity,
        CivilTime.NegativeInfinity => CivilTime.DateNegativeInfinity,
        _ => (int)CivilTime.SplitMicros(micros).Days,
    };

    private static long LocalToUtcOrInfinite(TimeZoneInfo tz, long local) =>
        local is CivilTime.PositiveInfinity or CivilTime.NegativeInfinity ? local : CivilTime.LocalToUtc(tz, local);

    /// <summary>float → numeric goes through the float's text with 15 (float4: 6) significant digits, as PostgreSQL does.</summary>
    private static decimal FloatToNumeric(double value, int digits)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new SqlStateException(SqlStateException.FeatureNotSupported,
                $"cannot convert {ValueFormatter.FormatFloat8(value)} to numeric");
        var text = value.ToString("G" + digits, System.Globalization.CultureInfo.InvariantCulture);
        return ValueParser.ParseNumeric(text);
    }

    private static decimal JsonNumber(string json, string typeName)
    {
        using var doc = JsonbText.ParseDocument(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Number)
            throw new SqlStateException(SqlStateException.InvalidParameterValue,
                $"cannot cast jsonb {JsonbText.TypeOf(root)} to type {typeName}");
        return ValueParser.ParseNumeric(root.GetRawText());
    }

    private static bool JsonBoolean(string json)
    {
        using var doc = JsonbText.ParseDocument(json);
        var root = doc.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new SqlStateException(SqlStateException.InvalidParameterValue, $"cannot cast jsonb {JsonbText.TypeOf(root)} to type boolean"),
        };
    }

    private static SqlStateException Unsupported(DataType from, DataType to) => SqlStateException.CannotCast(from.ToString(), to.ToString());
}
