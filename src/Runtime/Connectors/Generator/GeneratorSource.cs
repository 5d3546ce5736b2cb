using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Generator;

/// <summary>
/// The <c>generator</c> source: row n is a pure function of (seed, column, n), so an epoch replayed
/// from its logged position (the number of rows emitted) produces the same rows. Rows are generated
/// directly into the epoch's batch when polled, paced by <c>rows_per_second</c> against the
/// runtime's clock, so nothing is buffered: a slow pipeline simply polls less often. A sequence
/// column with an end bounds the source, and so does an integer sequence without one: it ends at its
/// type's largest value (a smallint sequence from 32760 gives 8 rows), never overflowing the column.
/// </summary>
public sealed class GeneratorSource(GeneratorSourceOptions options) : ISource, IPacedSource
{
    private SourceContext? context;
    private Func<long, object?>[] columns = [];
    private long emitted;
    private long pacedFrom;
    private long? total;
    private DateTimeOffset started;
    private ITimer? timer;

    public void Start(SourceContext sourceContext)
    {
        context = sourceContext;
        var schema = sourceContext.Schema;
        columns = [.. schema.Fields.Select((f, i) => Column(f, i))];
        total = null;
        for (int i = 0; i < schema.Count; i++)
        {
            var field = options.FieldFor(schema[i].Name);
            var type = schema[i].Type;
            if (field.Kind != GeneratorFieldKind.Sequence)
                continue;
            long first = ToLong(field.Start ?? (IsTime(type) ? GeneratorSourceOptions.DefaultTimeStart : "0"), type, 0);
            long count;
            if (field.End is not null)
            {
                count = Math.Max(0, ToLong(field.End, type) - first + 1);
                if (type.IsTimestamp)
                    count = (count - 1) / Interval.MicrosPerSecond + 1;
            }
            else if (type.Kind is TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64)
            {
                // A sequence without an end ends at its type's largest value, as if that were its end.
                ulong span = unchecked((ulong)(GeneratorSourceOptions.Range(type).Max - first));
                count = span >= long.MaxValue ? long.MaxValue : (long)span + 1;
            }
            else
            {
                continue;
            }
            total = total is null ? count : Math.Min(total.Value, count);
        }
        emitted = sourceContext.StartPosition is { Value: { Length: > 0 } p } ? long.Parse(p) : 0;
        pacedFrom = emitted;
        started = sourceContext.Time.GetUtcNow();
        var period = options.RowsPerSecond is > 0 and < 10 ? TimeSpan.FromSeconds(1.0 / options.RowsPerSecond) : TimeSpan.FromMilliseconds(100);
        timer = sourceContext.Time.CreateTimer(_ =>
        {
            if (HasPending)
                context.DataAvailable();
        }, null, period, period);
    }

    /// <summary>Every row up to <paramref name="position"/> is due now; the pace goes on from there.</summary>
    public void CatchUpTo(SourcePosition position)
    {
        if (context is null || !long.TryParse(position.Value, System.Globalization.CultureInfo.InvariantCulture, out long to) || to <= Due())
            return;
        pacedFrom = to;
        started = context.Time.GetUtcNow();
    }

    /// <summary>Rows due by now at the configured rate from where the source started (all remaining when the rate is 0).</summary>
    private long Due()
    {
        if (context is null)
            return 0;
        long limit = total ?? long.MaxValue;
        if (options.RowsPerSecond == 0)
            return limit;
        double seconds = (context.Time.GetUtcNow() - started).TotalSeconds;
        return Math.Min(limit, pacedFrom + (long)(seconds * options.RowsPerSecond));
    }

    public bool HasPending => Due() > emitted;

    public bool IsExhausted => total is long t && emitted >= t;

    public SourcePosition Poll(BatchBuilder builder, int maxRows)
    {
        long n = Math.Min(maxRows, Due() - emitted);
        for (long i = 0; i < n; i++)
        {
            int row = builder.BeginRow(1);
            for (int c = 0; c < columns.Length; c++)
                builder[c].SetValue(row, columns[c](emitted));
            emitted++;
        }
        return new SourcePosition(emitted.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private Func<long, object?> Column(RowField f, int index)
    {
        var field = options.FieldFor(f.Name);
        var type = f.Type;
        if (field.Kind == GeneratorFieldKind.Sequence)
        {
            long start = ToLong(field.Start ?? (IsTime(type) ? "2024-01-01 00:00:00" : "0"), type, 0);
            return type.Kind switch
            {
                TypeKind.Text => n => (start + n).ToString(System.Globalization.CultureInfo.InvariantCulture),
                // Timestamps step one second per row from start.
                TypeKind.Timestamp or TypeKind.TimestampTz => n => start + n * Interval.MicrosPerSecond,
                _ => n => FromLong(start + n, type),
            };
        }
        long salt = unchecked(options.Seed * (long)0x9E3779B97F4A7C15UL ^ (index + 1) * (long)0xC2B2AE3D27D4EB4FUL);
        switch (type.Kind)
        {
            case TypeKind.Float32 or TypeKind.Float64 or TypeKind.Numeric:
                double dmin = double.Parse(field.Min ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                double dmax = double.Parse(field.Max ?? "1", System.Globalization.CultureInfo.InvariantCulture);
                return n =>
                {
                    double u = (Mix(salt, n) >> 11) * (1.0 / (1UL << 53));
                    double v = dmin + u * (dmax - dmin);
                    return type.Kind switch
                    {
                        TypeKind.Float32 => (float)v,
                        TypeKind.Numeric => Math.Round((decimal)v, 2),
                        _ => v,
                    };
                };
            case TypeKind.Text:
                int length = field.Length;
                return n =>
                {
                    var chars = new char[length];
                    ulong h = Mix(salt, n);
                    for (int i = 0; i < length; i++)
                    {
                        if (i % 12 == 11)
                            h = Mix((long)h, i);
                        chars[i] = (char)('a' + (int)(h % 26));
                        h /= 26;
                    }
                    return new string(chars);
                };
            case TypeKind.Boolean:
                return n => (Mix(salt, n) & 1) == 1;
            default:
                long min = ToLong(field.Min ?? (IsTime(type) ? "2024-01-01 00:00:00" : "0"), type, 0);
                long max = ToLong(field.Max ?? (IsTime(type) ? "2024-12-31 23:59:59" : "1000"), type, 1000);
                if (max < min)
                    throw new SqlStateException(SqlStateException.InvalidParameterValue, $"generator column \"{f.Name}\": max is below min");
                ulong span = (ulong)(max - min) + 1;
                return n => FromLong(min + (long)(span == 0 ? Mix(salt, n) : Mix(salt, n) % span), type);
        }
    }

    private static bool IsTime(DataType type) => type.IsTimestamp || type.Kind == TypeKind.Date;

    private static ulong Mix(long salt, long n)
    {
        // SplitMix64 of the row number under the column's salt.
        ulong z = (ulong)(salt + n * unchecked((long)0x9E3779B97F4A7C15UL));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static long ToLong(string text, DataType type, long fallback = 0)
    {
        if (type.IsTimestamp || type.Kind == TypeKind.Date)
        {
            var v = ValueParser.Parse(text, type.Kind == TypeKind.Date ? DataType.Date : DataType.Timestamp);
            return v switch { long l => l, int d => d, _ => fallback };
        }
        return long.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new SqlStateException(SqlStateException.InvalidParameterValue, $"invalid generator bound '{text}' for a {type} column; expected a whole number");
    }

    private static object FromLong(long v, DataType type) => type.Kind switch
    {
        TypeKind.Int16 => CheckedMath.ToInt16(v),
        TypeKind.Int32 => CheckedMath.ToInt32(v),
        TypeKind.Date => (int)v,
        TypeKind.Float64 => (double)v,
        TypeKind.Float32 => (float)v,
        TypeKind.Numeric => (decimal)v,
        TypeKind.Text => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => v,
    };

    public ValueTask DisposeAsync()
    {
        timer?.Dispose();
        return ValueTask.CompletedTask;
    }
}
