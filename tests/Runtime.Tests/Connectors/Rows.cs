using System.Collections.Immutable;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

/// <summary>Helpers to decode records and show rows as text in assertions.</summary>
internal static class Rows
{
    public static RowSchema Schema(params (string Name, DataType Type)[] fields) => RowSchema.Of(fields);

    /// <summary>Each value as PostgreSQL text (NULL as "NULL"), joined by "|".</summary>
    public static string Show(object?[] row, ImmutableArray<DataType> types) =>
        string.Join("|", row.Select((v, i) => ValueFormatter.Format(v, types[i]) ?? "NULL"));

    public static List<string> Show(Batch batch) => [.. batch.Rows().Select(r => Show(r.Row, batch.Types))];

    /// <summary>Decodes each record; returns the rows decoded and the error of each bad record ("#index: error").</summary>
    public static (List<string> Rows, List<string> Errors) Decode(RecordDecoder decoder, params string[] records)
    {
        var builder = new BatchBuilder(decoder.Schema.Types, 4);
        var errors = new List<string>();
        for (int i = 0; i < records.Length; i++)
            if (decoder.Decode(System.Text.Encoding.UTF8.GetBytes(records[i]), builder) is { } error)
                errors.Add($"#{i}: {error}");
        using var batch = builder.Build();
        return (Show(batch), errors);
    }
}
