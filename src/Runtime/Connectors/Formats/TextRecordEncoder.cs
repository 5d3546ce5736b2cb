using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// Plain lines: the PostgreSQL text of each value joined by the delimiter (a tab by default),
/// NULL as an empty field, no quoting (values holding the delimiter or a line break do not read
/// back: use CSV or JSON for arbitrary text).
/// </summary>
public sealed class TextRecordEncoder : RecordEncoder
{
    public TextRecordEncoder(RecordFormat format, RowSchema schema, bool withDiff)
        : base(format, schema, withDiff)
    {
    }

    public override void Write(TextWriter writer, Batch batch, int row, int weight)
    {
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            if (c > 0)
                writer.Write(Format.Delimiter);
            var column = batch.Columns[c];
            if (!column.IsNull(row))
                WriteText(writer, column, row);
        }
        if (WithDiff)
        {
            writer.Write(Format.Delimiter);
            WriteFormattable(writer, weight);
        }
        writer.Write('\n');
    }
}
