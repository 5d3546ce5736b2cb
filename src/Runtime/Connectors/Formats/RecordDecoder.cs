using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// Turns one raw record (UTF-8, without its line terminator) into a row of a
/// <see cref="BatchBuilder"/> laid out as the source's <see cref="RowSchema"/>. A bad record adds
/// no row and returns its error text; it never throws, so a source can hand it to its
/// <see cref="ISourceErrorSink"/> and go on. A decoder keeps scratch buffers: one per source,
/// used from one thread.
/// </summary>
public abstract class RecordDecoder
{
    private protected RecordDecoder(RecordFormat format, RowSchema schema)
    {
        Format = format;
        Schema = schema;
    }

    public RecordFormat Format { get; }

    public RowSchema Schema { get; }

    /// <summary>True when the first record of each file (or connection) is a header to skip.</summary>
    public bool SkipsFirstRecord => Format.Header;

    /// <summary>True when a blank record (only spaces) is skipped silently rather than decoded.</summary>
    public bool SkipsBlankRecords => Format.Kind != RecordFormatKind.Text;

    /// <summary>True when a line break inside a double-quoted field does not end the record (CSV).</summary>
    public bool QuotedLineBreaks => Format.Kind == RecordFormatKind.Csv;

    /// <summary>Appends the record as a row with weight +1 and returns null, or returns why it is bad (no row appended).</summary>
    public abstract string? Decode(ReadOnlySpan<byte> record, BatchBuilder builder);

    /// <summary>A decoder of <paramref name="format"/> for <paramref name="schema"/>; 22023 when they do not fit together.</summary>
    public static RecordDecoder Create(RecordFormat format, RowSchema schema) => format.Kind switch
    {
        RecordFormatKind.Json => new JsonRecordDecoder(format, schema),
        RecordFormatKind.Csv => new CsvRecordDecoder(format, schema),
        _ => new TextRecordDecoder(format, schema),
    };

    /// <summary>True when the record holds nothing but spaces and tabs.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> record)
    {
        foreach (var b in record)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                return false;
        return true;
    }

    private protected string FieldError(int column, Exception error) =>
        $"column \"{Schema[column].Name}\": {error.Message}";

    /// <summary>
    /// Exceptions a field's text can raise: PostgreSQL input errors, and the .NET parsing errors a
    /// corner of the input code might let through; none of them may escape a source.
    /// </summary>
    private protected static bool IsInputError(Exception e) =>
        e is SqlStateException or FormatException or OverflowException or ArgumentException;
}
