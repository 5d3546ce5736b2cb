using System.Collections.Immutable;
using System.Text;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Pg.Copy;

/// <summary>
/// Reads the CopyData of one COPY FROM STDIN into a single batch of the COPY's columns. The data
/// arrives in chunks that do not follow rows: <see cref="Feed"/> keeps an incomplete row's bytes until
/// the next chunk completes it, and <see cref="Finish"/> (at CopyDone) reads what is left. Values are
/// decoded as they come, so the input itself is never held whole; errors carry PostgreSQL's CONTEXT
/// (<c>COPY t, line 3, column a: "x"</c>).
/// </summary>
internal abstract class CopyInReader
{
    /// <summary>PostgreSQL shows at most this many bytes of a line or value in an error's CONTEXT.</summary>
    private const int MaxDisplayBytes = 100;

    private readonly BatchBuilder _rows;
    private readonly List<int> _lines = [];
    private byte[] _pending = new byte[64 * 1024];
    private int _pendingStart;
    private int _pendingEnd;

    protected CopyInReader(CopyInTarget target, TimeZoneInfo timeZone)
    {
        Target = target;
        TimeZone = timeZone;
        Types = [.. target.Columns.Select(c => c.Type)];
        _rows = new BatchBuilder(Types);
        Row = new object?[Types.Length];
    }

    protected CopyInTarget Target { get; }

    protected TimeZoneInfo TimeZone { get; }

    protected ImmutableArray<DataType> Types { get; }

    /// <summary>The row being read, reused for every row.</summary>
    protected object?[] Row { get; }

    /// <summary>The input line (binary: tuple) being read, 1-based, as PostgreSQL counts it.</summary>
    protected int Line { get; set; }

    /// <summary>True once the end marker (<c>\.</c>, or binary's -1 trailer) was read: what follows is ignored.</summary>
    protected bool Ended { get; set; }

    public int RowCount => _rows.Count;

    /// <summary>Appends a CopyData chunk and reads every row it completes.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        if (Ended)
            return;
        if (_pendingEnd + data.Length > _pending.Length)
        {
            int live = _pendingEnd - _pendingStart;
            if (live + data.Length > _pending.Length)
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, live + data.Length));
            Buffer.BlockCopy(_pending, _pendingStart, _pending, 0, live);
            _pendingStart = 0;
            _pendingEnd = live;
        }

        data.CopyTo(_pending.AsSpan(_pendingEnd));
        _pendingEnd += data.Length;
        _pendingStart += ReadRows(_pending.AsSpan(_pendingStart, _pendingEnd - _pendingStart), final: false);
        if (_pendingStart == _pendingEnd)
            _pendingStart = _pendingEnd = 0;
    }

    /// <summary>At CopyDone: reads the last (unterminated) row and hands over the batch and each row's line.</summary>
    public (Batch Rows, IReadOnlyList<int> Lines) Finish()
    {
        if (!Ended)
            ReadRows(_pending.AsSpan(_pendingStart, _pendingEnd - _pendingStart), final: true);
        _pendingStart = _pendingEnd = 0;
        return (_rows.Build(), _lines);
    }

    /// <summary>Reads whole rows from the start of <paramref name="data"/>; returns the bytes consumed. With <paramref name="final"/> no more data follows.</summary>
    protected abstract int ReadRows(ReadOnlySpan<byte> data, bool final);

    /// <summary>Adds <see cref="Row"/> as read from line <see cref="Line"/>, after the NOT NULL check (PostgreSQL's, with the line).</summary>
    protected void AddRow(ReadOnlySpan<byte> lineText)
    {
        for (int i = 0; i < Row.Length; i++)
        {
            if (Row[i] is null && Target.NotNull[i])
            {
                throw new CopyInException(new EngineError("23502",
                    $"null value in column \"{Target.Columns[i].Name}\" of relation \"{Target.Relation}\" violates not-null constraint",
                    Detail: Target.FailingRow(Row), Where: RowContext(lineText)));
            }
        }

        _rows.AddRow(Row);
        _lines.Add(Line);
    }

    /// <summary>A field's text as a value of column <paramref name="column"/>; an invalid one fails with the column and value in the CONTEXT.</summary>
    protected object? Parse(int column, string text)
    {
        try
        {
            return PgTextCodec.Parse(Types[column], text, TimeZone);
        }
        catch (PgValueException e)
        {
            throw Fail(e.SqlState, e.Message, $"COPY {Target.Relation}, line {Line}, column {Target.Columns[column].Name}: \"{Shorten(text)}\"");
        }
    }

    /// <summary>The CONTEXT of an error that is not about one row's data (CopyFail, a protocol violation): the line being read.</summary>
    public string Context() => $"COPY {Target.Relation}, line {Line + 1}";

    /// <summary>The CONTEXT of an error about the whole row (text formats show the line).</summary>
    protected virtual string RowContext(ReadOnlySpan<byte> lineText) => LineContext(lineText);

    protected string LineContext(ReadOnlySpan<byte> lineText) =>
        $"COPY {Target.Relation}, line {Line}: \"{Shorten(Encoding.UTF8.GetString(lineText))}\"";

    protected static CopyInException Fail(string sqlState, string message, string? where) =>
        new(new EngineError(sqlState, message, Where: where));

    /// <summary>PostgreSQL's <c>limit_printout_length</c>: the first 100 bytes (whole characters) and "...".</summary>
    private static string Shorten(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) <= MaxDisplayBytes)
            return text;
        int bytes = 0, at = 0;
        while (at < text.Length)
        {
            int width = char.IsSurrogatePair(text, at) ? 2 : 1;
            int size = Encoding.UTF8.GetByteCount(text.AsSpan(at, width));
            if (bytes + size > MaxDisplayBytes)
                break;
            bytes += size;
            at += width;
        }

        return text[..at] + "...";
    }
}
