using System.Globalization;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// Writes rows of a batch as records, one per line, for sinks. With <see cref="WithDiff"/> each
/// record also carries the row's weight as a last field named <c>diff</c> (+1 insert, -1
/// retraction, or a multiplicity), which is how a sink writes a changelog that retracts; without
/// it, a row of weight n is written n times and a retraction is a bug of the caller.
/// </summary>
public abstract class RecordEncoder
{
    /// <summary>The name of the weight field written when <see cref="WithDiff"/> is set.</summary>
    public const string DiffField = "diff";

    private protected RecordEncoder(RecordFormat format, RowSchema schema, bool withDiff)
    {
        Format = format;
        Schema = schema;
        WithDiff = withDiff;
    }

    public RecordFormat Format { get; }

    public RowSchema Schema { get; }

    public bool WithDiff { get; }

    public static RecordEncoder Create(RecordFormat format, RowSchema schema, bool withDiff) => format.Kind switch
    {
        RecordFormatKind.Json => new JsonRecordEncoder(format, schema, withDiff),
        RecordFormatKind.Csv => new CsvRecordEncoder(format, schema, withDiff),
        _ => new TextRecordEncoder(format, schema, withDiff),
    };

    /// <summary>Writes the header line a file starts with (CSV with <c>header = true</c>); nothing otherwise.</summary>
    public virtual void WriteHeader(TextWriter writer)
    {
    }

    /// <summary>Writes physical row <paramref name="row"/> of <paramref name="batch"/> as one line (weight included when <see cref="WithDiff"/>).</summary>
    public abstract void Write(TextWriter writer, Batch batch, int row, int weight);

    /// <summary>Writes every live row of <paramref name="batch"/>.</summary>
    public void WriteBatch(TextWriter writer, Batch batch)
    {
        for (int i = 0; i < batch.RowCount; i++)
        {
            int row = batch.RowIndex(i);
            WriteChange(writer, batch, row, batch.Weights[row]);
        }
    }

    /// <summary>Writes one change: one line with its diff, or (without a diff field) the row once per unit of weight.</summary>
    public void WriteChange(TextWriter writer, Batch batch, int row, int weight)
    {
        if (WithDiff)
        {
            Write(writer, batch, row, weight);
            return;
        }
        if (weight < 0)
            throw new InvalidOperationException("a retraction reached an encoder without a diff field; the sink's input must be append-only");
        for (int n = 0; n < weight; n++)
            Write(writer, batch, row, 1);
    }

    /// <summary>Writes the PostgreSQL text of a non-null value; integers without allocating.</summary>
    private protected static void WriteText(TextWriter writer, Column column, int row)
    {
        switch (column.Type.Kind)
        {
            case TypeKind.Int16: WriteFormattable(writer, ((Column<short>)column).Values[row]); return;
            case TypeKind.Int32: WriteFormattable(writer, ((Column<int>)column).Values[row]); return;
            case TypeKind.Int64: WriteFormattable(writer, ((Column<long>)column).Values[row]); return;
            case TypeKind.Boolean: writer.Write(((Column<bool>)column).Values[row] ? 't' : 'f'); return;
            case TypeKind.Text or TypeKind.Jsonb: writer.Write(((Column<string?>)column).Values[row]); return;
            default: writer.Write(ValueFormatter.Format(column.GetValue(row), column.Type)); return;
        }
    }

    private protected static void WriteFormattable<T>(TextWriter writer, T value) where T : ISpanFormattable
    {
        Span<char> digits = stackalloc char[32];
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        writer.Write(digits[..written]);
    }
}
