using System.Collections.Immutable;
using System.Globalization;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Generator;

/// <summary>
/// The <c>generator</c> connector's settings: <c>rows_per_second</c> (default 10; 0 means as fast as
/// the pipeline takes them), <c>seed</c> (default 0), and per column <c>fields.&lt;col&gt;.kind</c>
/// (<c>sequence</c> | <c>random</c>, default random) with <c>start</c>, <c>end</c> (sequences),
/// <c>min</c>, <c>max</c> (random numbers, dates and timestamps) and <c>length</c> (random text).
/// <see cref="Check"/> is the one place that decides what is valid: the planner asks it at
/// <c>CREATE SOURCE</c> (and <c>streamsql check</c>), and <see cref="Parse"/> refuses what it refuses.
/// </summary>
public sealed record GeneratorSourceOptions(int RowsPerSecond, long Seed, ImmutableDictionary<string, GeneratorField> Fields)
{
    public const string ConnectorName = "generator";

    public static readonly IReadOnlyList<string> ValidOptions =
        ["rows_per_second", "seed", "fields.<column>.kind", "fields.<column>.start", "fields.<column>.end",
         "fields.<column>.min", "fields.<column>.max", "fields.<column>.length", .. ConnectorOptions.CommonSourceOptions];

    /// <summary>The column types the generator fills, as named in errors.</summary>
    private const string FilledTypes = "smallint, integer, bigint, real, double precision, numeric, text, boolean, date, timestamp and timestamptz";

    /// <summary>The first day of a time column's default range, and its default sequence start.</summary>
    internal const string DefaultTimeStart = "2024-01-01 00:00:00";

    /// <summary>The field settings of a column (random with defaults when not given).</summary>
    public GeneratorField FieldFor(string column) => Fields.GetValueOrDefault(column) ?? new GeneratorField(GeneratorFieldKind.Random);

    /// <summary>Checks the WITH options against the source's columns; errors are 22023 naming the option and what would be valid.</summary>
    public static GeneratorSourceOptions Parse(IReadOnlyDictionary<string, string> options, RowSchema schema)
    {
        if (Check(options, schema) is { } problem)
            throw ConnectorOptions.Invalid($"invalid value for option '{problem.Option}' of connector {ConnectorName}: {problem.Message}");
        int rate = 10;
        long seed = 0;
        var fields = new Dictionary<string, GeneratorField>();
        foreach (var (rawKey, value) in options)
        {
            var key = rawKey.Trim().ToLowerInvariant();
            if (key == "rows_per_second")
                rate = int.Parse(value.Trim(), CultureInfo.InvariantCulture);
            else if (key == "seed")
                seed = long.Parse(value.Trim(), CultureInfo.InvariantCulture);
            else if (key.StartsWith("fields.", StringComparison.Ordinal))
            {
                var parts = rawKey.Trim().Split('.');
                var field = fields.GetValueOrDefault(parts[1]) ?? new GeneratorField(GeneratorFieldKind.Random);
                fields[parts[1]] = parts[2].ToLowerInvariant() switch
                {
                    "kind" => field with { Kind = value.Trim().ToLowerInvariant() == "sequence" ? GeneratorFieldKind.Sequence : GeneratorFieldKind.Random },
                    "start" => field with { Start = value },
                    "end" => field with { End = value },
                    "min" => field with { Min = value },
                    "max" => field with { Max = value },
                    _ => field with { Length = int.Parse(value.Trim(), CultureInfo.InvariantCulture) },
                };
            }
        }
        return new GeneratorSourceOptions(rate, seed, fields.ToImmutableDictionary());
    }

    /// <summary>
    /// What is wrong with the options, or null: the option at fault (<c>connector</c> for a column
    /// the generator cannot fill and no option names) and a message naming what would be valid.
    /// Options every source takes are left to their own checks.
    /// </summary>
    public static GeneratorOptionProblem? Check(IReadOnlyDictionary<string, string> options, RowSchema schema)
    {
        // Per column: its options by attribute, with the key as written.
        var given = new Dictionary<string, Dictionary<string, (string Key, string Value)>>(StringComparer.Ordinal);
        foreach (var (rawKey, value) in options)
        {
            var key = rawKey.Trim().ToLowerInvariant();
            if (key is "connector" or "on_error" or "max_rows_per_epoch" or "idle_timeout")
                continue;
            if (key == "rows_per_second")
            {
                if (!int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rate) || rate < 0 || rate > 100_000_000)
                    return new(rawKey, "expected a whole number from 0 (as fast as the pipeline takes rows) to 100000000");
                continue;
            }
            if (key == "seed")
            {
                if (!long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                    return new(rawKey, "expected a whole number");
                continue;
            }
            var parts = rawKey.Trim().Split('.');
            if (parts.Length != 3 || !parts[0].Equals("fields", StringComparison.OrdinalIgnoreCase))
                return new(rawKey, $"unknown option; valid options: {string.Join(", ", ValidOptions)}");
            if (schema.IndexOf(parts[1]) < 0)
                return new(rawKey, $"names no column; columns: {string.Join(", ", schema.Fields.Select(f => f.Name))}");
            var attribute = parts[2].ToLowerInvariant();
            if (attribute is not ("kind" or "start" or "end" or "min" or "max" or "length"))
                return new(rawKey, $"unknown field setting '{parts[2]}'; valid: kind, start, end, min, max, length");
            if (!given.TryGetValue(parts[1], out var settings))
                given[parts[1]] = settings = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            settings[attribute] = (rawKey, value);
        }

        foreach (var column in schema.Fields)
        {
            var settings = given.GetValueOrDefault(column.Name) ?? [];
            if (CheckColumn(column, settings) is { } problem)
                return problem;
        }
        return null;
    }

    private static GeneratorOptionProblem? CheckColumn(RowField column, Dictionary<string, (string Key, string Value)> settings)
    {
        var type = column.Type;
        string At(string attribute) => settings.TryGetValue(attribute, out var s) ? s.Key : $"fields.{column.Name}.{attribute}";
        var kind = GeneratorFieldKind.Random;
        if (settings.TryGetValue("kind", out var kindSetting))
        {
            kind = kindSetting.Value.Trim().ToLowerInvariant() switch
            {
                "sequence" => GeneratorFieldKind.Sequence,
                "random" => GeneratorFieldKind.Random,
                _ => (GeneratorFieldKind)(-1),
            };
            if ((int)kind < 0)
                return new(kindSetting.Key, "expected 'sequence' or 'random'");
        }
        if (!Fills(type))
            return new(settings.Count > 0 ? settings.Values.First().Key : "connector",
                $"column \"{column.Name}\" has type {type}, which the generator cannot fill; it fills {FilledTypes} columns");

        if (kind == GeneratorFieldKind.Sequence)
        {
            if (type.Kind == TypeKind.Boolean)
                return new(At("kind"), $"a boolean column (\"{column.Name}\") cannot be a sequence; expected 'random'");
            foreach (var other in (string[])["min", "max", "length"])
                if (settings.ContainsKey(other))
                    return new(At(other), $"'{other}' applies to random fields; the sequence \"{column.Name}\" takes 'start' and 'end'");
            long? start = null, end = null;
            if (settings.TryGetValue("start", out var s) && (start = Bound(s.Value, type, out var why)) is null)
                return new(s.Key, why!);
            if (settings.TryGetValue("end", out var e) && (end = Bound(e.Value, type, out var why2)) is null)
                return new(e.Key, why2!);
            long first = start ?? Bound(IsTime(type) ? DefaultTimeStart : "0", type, out _)!.Value;
            if (end is { } last && last < first)
                return new(e.Key, $"'{e.Value}' is before the start of the sequence ('{s.Value ?? (IsTime(type) ? DefaultTimeStart : "0")}'); expected an end at or after it");
            return null;
        }

        foreach (var other in (string[])["start", "end"])
            if (settings.ContainsKey(other))
                return new(At(other), $"'{other}' applies to sequences (set '{At("kind")}' = 'sequence'); a random field takes {RandomSettings(type)}");
        switch (type.Kind)
        {
            case TypeKind.Text:
                foreach (var other in (string[])["min", "max"])
                    if (settings.ContainsKey(other))
                        return new(At(other), $"a random text field (\"{column.Name}\") takes 'length', not '{other}'");
                if (settings.TryGetValue("length", out var length)
                    && (!int.TryParse(length.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0 || n > 1_000_000))
                    return new(length.Key, "expected a whole number from 0 to 1000000");
                return null;
            case TypeKind.Boolean:
                foreach (var other in (string[])["min", "max", "length"])
                    if (settings.ContainsKey(other))
                        return new(At(other), $"a random boolean field (\"{column.Name}\") takes no '{other}'");
                return null;
        }
        if (settings.ContainsKey("length"))
            return new(At("length"), $"'length' applies to random text fields; a random {type} field takes 'min' and 'max'");
        if (type.Kind is TypeKind.Float32 or TypeKind.Float64 or TypeKind.Numeric)
        {
            double min = 0, max = 1;
            if (settings.TryGetValue("min", out var lo) && !double.TryParse(lo.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out min))
                return new(lo.Key, "expected a number");
            if (settings.TryGetValue("max", out var hi) && !double.TryParse(hi.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out max))
                return new(hi.Key, "expected a number");
            if (type.Kind == TypeKind.Float32 && (Math.Abs(min) > float.MaxValue || Math.Abs(max) > float.MaxValue))
                return new(Math.Abs(min) > float.MaxValue ? lo.Key : hi.Key, "expected a number within the range of real");
            if (max < min)
                return new(settings.ContainsKey("max") ? hi.Key : lo.Key, $"max ({max.ToString(CultureInfo.InvariantCulture)}) is below min ({min.ToString(CultureInfo.InvariantCulture)}); expected min <= max");
            return null;
        }
        {
            long? min = null, max = null;
            if (settings.TryGetValue("min", out var lo) && (min = Bound(lo.Value, type, out var why)) is null)
                return new(lo.Key, why!);
            if (settings.TryGetValue("max", out var hi) && (max = Bound(hi.Value, type, out var why2)) is null)
                return new(hi.Key, why2!);
            const string DefaultTimeEnd = "2024-12-31 23:59:59";
            min ??= Bound(IsTime(type) ? DefaultTimeStart : "0", type, out _);
            max ??= Bound(IsTime(type) ? DefaultTimeEnd : "1000", type, out _);
            if (max < min)
            {
                var maxText = settings.ContainsKey("max") ? $"'{hi.Value}'" : $"'{(IsTime(type) ? DefaultTimeEnd : "1000")}' by default";
                var minText = settings.ContainsKey("min") ? $"'{lo.Value}'" : $"'{(IsTime(type) ? DefaultTimeStart : "0")}' by default";
                return new(settings.ContainsKey("max") ? hi.Key : lo.Key, $"max ({maxText}) is below min ({minText}); expected min <= max");
            }
            return null;
        }
    }

    private static string RandomSettings(DataType type) => type.Kind switch
    {
        TypeKind.Text => "'length'",
        TypeKind.Boolean => "no settings",
        _ => "'min' and 'max'",
    };

    /// <summary>True for the column types the generator can fill.</summary>
    private static bool Fills(DataType type) => type.Kind is TypeKind.Boolean or TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64
        or TypeKind.Float32 or TypeKind.Float64 or TypeKind.Numeric or TypeKind.Text or TypeKind.Date or TypeKind.Timestamp or TypeKind.TimestampTz;

    internal static bool IsTime(DataType type) => type.IsTimestamp || type.Kind == TypeKind.Date;

    /// <summary>
    /// A bound read in the column's type (integers: the number; dates: days; timestamps: microseconds;
    /// other types: a whole number), or null with why not, naming what would be valid.
    /// </summary>
    internal static long? Bound(string text, DataType type, out string? why)
    {
        why = null;
        if (IsTime(type))
        {
            object? value = null;
            try
            {
                value = ValueParser.Parse(text.Trim(), type.Kind == TypeKind.Date ? DataType.Date : DataType.Timestamp);
            }
            catch (SqlStateException)
            {
            }
            switch (value)
            {
                case long micros:
                    return micros;
                case int days:
                    return days;
                default:
                    why = type.Kind == TypeKind.Date ? "expected a date such as '2024-01-01'" : $"expected a timestamp such as '{DefaultTimeStart}'";
                    return null;
            }
        }
        var (min, max) = Range(type);
        if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            why = $"expected a whole number from {min} to {max} (the range of {type})";
            return null;
        }
        return n;
    }

    /// <summary>The whole numbers a column of the type holds (for types without a limit of their own, a bigint's).</summary>
    internal static (long Min, long Max) Range(DataType type) => type.Kind switch
    {
        TypeKind.Int16 => (short.MinValue, short.MaxValue),
        TypeKind.Int32 => (int.MinValue, int.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };
}
