using System.Text;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Console;

/// <summary>
/// The <c>console</c> sink, Spark's <c>pprint</c>: when an epoch with changes commits it prints
/// <code>
/// -------- Epoch 7 --------
/// (alice,2)
/// - (alice,1)
/// ...
/// </code>
/// followed by an empty line: the first <c>rows</c> changes, one line per unit of weight, each row
/// as its PostgreSQL text values (a single column alone, several as <c>(a,b)</c>, NULL as
/// <c>NULL</c>), a retraction prefixed with <c>- </c>, and <c>...</c> when the epoch had more.
/// Epochs without changes print nothing. Printing happens on commit, so a re-run epoch prints
/// again: at least once. With <c>FORMAT JSON</c>, <c>CSV</c> or <c>TEXT</c> with a delimiter, each
/// row is that format's line instead of the tuple (retractions still prefixed with <c>- </c>).
/// </summary>
public sealed class ConsoleSink : ISink
{
    private readonly ConsoleSinkOptions options;
    private readonly TextWriter output;
    private readonly List<string> lines = [];
    private readonly StringBuilder line = new();
    private readonly RecordFormat? format;
    private readonly StringWriter encoded = new() { NewLine = "\n" };
    private RecordEncoder? encoder;
    private long? epoch;
    private long total;

    /// <summary>The constructor the server calls: checks the <c>WITH</c> options (22023 errors); prints to <paramref name="output"/>, stdout by default.</summary>
    public ConsoleSink(IReadOnlyDictionary<string, string> options, TextWriter? output = null)
        : this(ConsoleSinkOptions.Parse(options), output)
    {
    }

    /// <summary>As above with a <c>FORMAT</c> (TEXT by default; see the type's remarks); 22023 errors for bad formats.</summary>
    public ConsoleSink(IReadOnlyDictionary<string, string> options, string? format, IReadOnlyDictionary<string, string>? formatOptions, TextWriter? output = null)
        : this(ConsoleSinkOptions.Parse(options), output, LineFormat(format, formatOptions))
    {
    }

    /// <param name="format">How each row is printed: null for the <c>pprint</c> tuple, else that format's line.</param>
    public ConsoleSink(ConsoleSinkOptions options, TextWriter? output = null, RecordFormat? format = null)
    {
        this.options = options;
        this.output = output ?? System.Console.Out;
        this.format = format;
    }

    public ConsoleSinkOptions Options => options;

    public void Open(string name, RowSchema schema)
    {
        if (format is not null)
            encoder = RecordEncoder.Create(format, schema, withDiff: false);
    }

    public void Write(long epoch, Batch changes)
    {
        if (this.epoch != epoch)
        {
            lines.Clear();
            total = 0;
            this.epoch = epoch;
        }
        for (int i = 0; i < changes.RowCount; i++)
        {
            int row = changes.RowIndex(i);
            int weight = changes.Weights[row];
            long count = Math.Abs((long)weight);
            total += count;
            for (long n = 0; n < count && lines.Count < options.Rows; n++)
                lines.Add(Format(changes, row, weight < 0));
        }
    }

    public void Commit(long epoch)
    {
        if (this.epoch != epoch)
            return;
        this.epoch = null;
        if (total == 0)
            return;
        var text = new StringBuilder();
        text.Append("-------- Epoch ").Append(epoch).Append(" --------\n");
        foreach (var l in lines)
            text.Append(l).Append('\n');
        if (total > lines.Count)
            text.Append("...\n");
        text.Append('\n');
        output.Write(text.ToString());
        output.Flush();
        lines.Clear();
        total = 0;
    }

    public void Dispose()
    {
    }

    /// <summary>The format rows are printed in, or null for the tuple: TEXT without a delimiter is the tuple.</summary>
    private static RecordFormat? LineFormat(string? name, IReadOnlyDictionary<string, string>? options)
    {
        var format = RecordFormat.Parse(name, options, RecordFormat.Text);
        bool delimited = options?.Keys.Any(k => k.Trim().Equals("delimiter", StringComparison.OrdinalIgnoreCase)) ?? false;
        return format.Kind == RecordFormatKind.Text && !delimited ? null : format;
    }

    private string Format(Batch batch, int row, bool retraction)
    {
        line.Clear();
        if (retraction)
            line.Append("- ");
        if (encoder is not null)
        {
            encoded.GetStringBuilder().Clear();
            encoder.Write(encoded, batch, row, 1);
            var text = encoded.GetStringBuilder();
            return line.Append(text, 0, text.Length - 1).ToString();
        }
        bool tuple = batch.ColumnCount != 1;
        if (tuple)
            line.Append('(');
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            if (c > 0)
                line.Append(',');
            line.Append(ValueFormatter.Format(batch.Columns[c].GetValue(row), batch.Types[c]) ?? "NULL");
        }
        if (tuple)
            line.Append(')');
        return line.ToString();
    }
}
