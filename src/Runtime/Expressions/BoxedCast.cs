using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// Casts of one boxed non-null value between runtime representations, with PostgreSQL's rounding
/// and range errors. Used by <see cref="CastKernel"/> for conversions without a typed loop.
/// </summary>
internal static class BoxedCast
{
    public static object? Convert(object value, DataType from, DataType to, TimeZoneInfo tz)
    {
        // Between character types the length and padding rules apply (CastEvaluator has them).
        if (from.Kind == TypeKind.Text && to.Kind == TypeKind.Text && (from.Character != CharacterKind.Text || to.Character != CharacterKind.Text))
            return CastEvaluator.Cast(value, from, to, tz);
        if (from.Kind == to.Kind && to.Kind != TypeKind.Numeric && to.Kind != TypeKind.Array)
            return value;
        if (to.Kind is TypeKind.Text)
            // boolean -> text is 'true'/'false' (boolout's 't'/'f' is only the output format).
            return CharacterLength.Apply(value switch { string s => s, bool b => b ? "true" : "false", _ => ValueFormatter.Format(value, from, tz)! }, to, CastContext.Explicit);
        if (value is string text)
            return ValueParser.Parse(from.Kind == TypeKind.Jsonb ? text.Trim('"') : text, to, tz);
        switch (to.Kind)
        {
            case TypeKind.Boolean:
                return value switch
                {
                    int i => i != 0,
                    long l => l != 0,
                    short h => h != 0,
                    _ => throw SqlStateException.CannotCast(from.ToString(), to.ToString()),
                };
            case TypeKind.Int16:
                return value switch
                {
                    bool b => (short)(b ? 1 : 0),
                    int i => CheckedMath.ToInt16(i),
                    long l => CheckedMath.ToInt16(l),
                    float f => CheckedMath.ToInt16(f),
                    double d => CheckedMath.ToInt16(d),
                    decimal m => CheckedMath.ToInt16(m),
                    _ => throw SqlStateException.CannotCast(from.ToString(), to.ToString()),
                };
            case TypeKind.Int32:
                return value switch
                {
                    bool b => b ? 1 : 0,
                    short h => (int)h,
                    long l => CheckedMath.ToInt32(l),
                    float f => CheckedMath.ToInt32(f),
                    double d => CheckedMath.ToInt32(d),
                    decimal m => CheckedMath.ToInt32(m),
                    _ => throw SqlStateException.CannotCast(from.ToString(), to.ToString()),
                };
            case TypeKind.Int64:
                return value switch
                {
                    bool b => b ? 1L : 0L,
                    short h => (long)h,
                    int i => (long)i,
                    float f => CheckedMath.ToInt64(f),
                    double d => CheckedMath.ToInt64(d),
                    decimal m => CheckedMath.ToInt64(m),
                    _ => throw SqlStateException.CannotCast(from.ToString(), to.ToString()),
                };
            case TypeKind.Float32:
                return value switch
                {
                    short h => (float)h,
                    int i => (float)i,
                    long l => (float)l,
                    double d => CheckedMath.ToFloat32(d),
                    decimal m => (float)m,
                    _ => throw SqlStateException.CannotCast(from.ToString(), to.ToString()),
                };
            case TypeKind.Float64:
                return value switch
                {
                    short h => (double)h,
                    int i => (double)i,
                    long l => (double)l,
                    float f => (double)f,
                    decimal m => (double)m,
                    _ => throw SqlStateException.CannotCast(from.ToString(), to.ToString()),
                };
            case TypeKind.Numeric:
                decimal dec = value switch
                {
                    short h => h,
                    int i => i,
                    long l => l,
                    float f => float.IsFinite(f) ? (decimal)f : throw SqlStateException.CannotCast(from.ToString(), to.ToString()),
                    double d => double.IsFinite(d) ? (decimal)d : throw SqlStateException.CannotCast(from.ToString(), to.ToString()),
                    decimal m => m,
                    _ => throw SqlStateException.CannotCast(from.ToString(), to.ToString()),
                };
                return to.Precision >= 0 ? NumericMath.ApplyTypeModifier(dec, to.Precision, Math.Max(to.Scale, 0)) : dec;
            case TypeKind.Timestamp or TypeKind.TimestampTz or TypeKind.Date when from.Kind is TypeKind.Timestamp or TypeKind.TimestampTz or TypeKind.Date:
                // Between local and zoned times the session's zone decides (timestamptz::date is the
                // local date), as PostgreSQL does; infinities stay infinite.
                return CastEvaluator.Cast(value, from, to, tz);
            case TypeKind.Array when value is object?[] items:
                var element = to.Element ?? DataType.Text;
                var fromElement = from.Element ?? DataType.Text;
                var converted = new object?[items.Length];
                for (int i = 0; i < items.Length; i++)
                    converted[i] = items[i] is null ? null : Convert(items[i]!, fromElement, element, tz);
                return converted;
            default:
                throw SqlStateException.CannotCast(from.ToString(), to.ToString());
        }
    }
}
