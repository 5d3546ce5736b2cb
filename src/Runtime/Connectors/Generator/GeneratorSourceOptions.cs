using System.Collections.Immutable;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors.Generator;

/// <summary>
/// The <c>generator</c> connector's settings: <c>rows_per_second</c> (default 10; 0 means as fast as
/// the pipeline takes them), <c>seed</c> (default 0), and per column <c>fields.&lt;col&gt;.kind</c>
/// (<c>sequence</c> | <c>random</c>, default random) with <c>start</c>, <c>end</c>, <c>min</c>, <c>max</c>, <c>length</c>.
/// </summary>
public sealed record GeneratorSourceOptions(int RowsPerSecond, long Seed, ImmutableDictionary<string, GeneratorField> Fields)
{
    public const string ConnectorName = "generator";

    public static readonly IReadOnlyList<string> ValidOptions =
        ["rows_per_second", "seed", "fields.<column>.kind", "fields.<column>.start", "fields.<column>.end",
         "fields.<column>.min", "fields.<column>.max", "fields.<column>.length", .. ConnectorOptions.CommonSourceOptions];

    /// <summary>The field settings of a column (random with defaults when not given).</summary>
    public GeneratorField FieldFor(string column) => Fields.GetValueOrDefault(column) ?? new GeneratorField(GeneratorFieldKind.Random);

    /// <summary>Checks the WITH options against the source's columns; errors are 22023 naming the valid options.</summary>
    public static GeneratorSourceOptions Parse(IReadOnlyDictionary<string, string> options, RowSchema schema)
    {
        const string owner = "connector " + ConnectorName;
        int rate = 10;
        long seed = 0;
        var fields = new Dictionary<string, GeneratorField>();
        foreach (var (rawKey, value) in options)
        {
            var key = rawKey.Trim().ToLowerInvariant();
            if (key == "connector" || ConnectorOptions.CheckCommonSourceOption(key, value, owner))
                continue;
            if (key == "rows_per_second")
            {
                rate = ConnectorOptions.ParseInt(value, key, owner, 0, 100_000_000);
                continue;
            }
            if (key == "seed")
            {
                if (!long.TryParse(value.Trim(), out seed))
                    throw ConnectorOptions.Invalid($"invalid value '{value}' for option 'seed' of {owner}; expected a whole number");
                continue;
            }
            var parts = rawKey.Trim().Split('.');
            if (parts.Length != 3 || !parts[0].Equals("fields", StringComparison.OrdinalIgnoreCase))
                throw ConnectorOptions.Unknown(rawKey, owner, ValidOptions);
            string column = parts[1];
            if (schema.IndexOf(column) < 0)
                throw ConnectorOptions.Invalid($"option '{rawKey}' of {owner} names no column; columns: {string.Join(", ", schema.Fields.Select(f => f.Name))}");
            var field = fields.GetValueOrDefault(column) ?? new GeneratorField(GeneratorFieldKind.Random);
            fields[column] = parts[2].ToLowerInvariant() switch
            {
                "kind" => field with
                {
                    Kind = value.Trim().ToLowerInvariant() switch
                    {
                        "sequence" => GeneratorFieldKind.Sequence,
                        "random" => GeneratorFieldKind.Random,
                        _ => throw ConnectorOptions.Invalid($"invalid value '{value}' for option '{rawKey}' of {owner}; valid: 'sequence', 'random'"),
                    },
                },
                "start" => field with { Start = value },
                "end" => field with { End = value },
                "min" => field with { Min = value },
                "max" => field with { Max = value },
                "length" => field with { Length = ConnectorOptions.ParseInt(value, rawKey, owner, 0, 1_000_000) },
                _ => throw ConnectorOptions.Unknown(rawKey, owner, ValidOptions),
            };
        }
        return new GeneratorSourceOptions(rate, seed, fields.ToImmutableDictionary());
    }
}
