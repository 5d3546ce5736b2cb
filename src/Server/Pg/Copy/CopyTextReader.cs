using System.Text;
using StreamSql.Planner;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Pg.Copy;

/// <summary>
/// COPY's text and CSV formats, as PostgreSQL reads them. A row ends at a newline (LF, CR LF or CR)
/// outside CSV quotes; a line <c>\.</c> ends the data. Text: fields split at the delimiter, a field
/// equal to the NULL string (as sent, before escapes) is NULL, and backslash escapes are decoded
/// (<c>\b \f \n \r \t \v</c>, octal <c>\ooo</c>, hex <c>\xhh</c>, any other character stands for
/// itself). CSV: a quoted part may hold the delimiter and newlines, a quote inside it is doubled (or
/// preceded by ESCAPE), and only an unquoted field equal to the NULL string is NULL (FORCE_NOT_NULL
/// and FORCE_NULL change that per column). Line numbers count the header line and, in CSV, the
/// newlines inside quotes after the first row, as PostgreSQL's CONTEXT does.
/// </summary>
internal sealed class CopyTextReader : CopyInReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly CopyFormat _format;
    private readonly byte _delimiter;
    private readonly byte _quote;
    private readonly byte _escape;
    private readonly byte[] _null;
    private readonly bool[] _forceNotNull;
    private readonly bool[] _forceNull;
    private bool _headerPending;

    // PostgreSQL counts the newlines inside CSV quotes only once it has seen the end of a line (it
    // learns the input's newline from the first one), so a first row's own do not count.
    private bool _eolSeen;

    // One row's decoded fields: their bytes in _scratch, reused for every row.
    private byte[] _scratch = new byte[1024];
    private int _scratchLength;
    private readonly List<(int Start, int Length, bool Null, bool Quoted)> _fields = [];

    public CopyTextReader(CopyInTarget target, CopyFormat format, TimeZoneInfo timeZone) : base(target, timeZone)
    {
        _format = format;
        _delimiter = (byte)format.Delimiter;
        _quote = (byte)format.Quote;
        _escape = (byte)format.Escape;
        _null = Encoding.UTF8.GetBytes(format.Null);
        _headerPending = format.Header;
        _forceNotNull = new bool[Types.Length];
        _forceNull = new bool[Types.Length];
        foreach (var i in format.ForceNotNull)
            _forceNotNull[i] = true;
        foreach (var i in format.ForceNull)
            _forceNull[i] = true;
    }

    protected override int ReadRows(ReadOnlySpan<byte> data, bool final)
    {
        int consumed = 0;
        while (consumed < data.Length && !Ended)
        {
            var rest = data[consumed..];
            int length = FindRowEnd(rest, final, out int next, out int newlines);
            if (length < 0)
                break;
            var line = rest[..length];
            consumed += next;
            Line += 1 + (_eolSeen ? newlines : 0);
            _eolSeen |= next > length;
            if (line.SequenceEqual("\\."u8))
            {
                Ended = true;
                return data.Length;
            }

            SplitFields(line);
            if (_headerPending)
            {
                _headerPending = false;
                if (_format.HeaderMatch)
                    MatchHeader(line);
                continue;
            }

            ReadRow(line);
        }

        return Ended ? data.Length : consumed;
    }

    /// <summary>
    /// The length of the row at the start of <paramref name="data"/> (without its newline), or -1 when
    /// its end has not arrived yet; <paramref name="next"/> is where the following row starts.
    /// </summary>
    private int FindRowEnd(ReadOnlySpan<byte> data, bool final, out int next, out int newlines)
    {
        newlines = 0;
        next = 0;
        bool inQuote = false;
        for (int i = 0; i < data.Length; i++)
        {
            byte c = data[i];
            if (_format.Csv)
            {
                if (inQuote)
                {
                    if (c == _escape && _escape != _quote)
                    {
                        if (i + 1 >= data.Length && !final)
                            return -1;
                        if (i + 1 < data.Length && (data[i + 1] == _quote || data[i + 1] == _escape))
                            i++;
                    }
                    else if (c == _quote)
                    {
                        inQuote = false;
                    }
                    else if (c == '\n' || (c == '\r' && (i + 1 >= data.Length || data[i + 1] != '\n')))
                    {
                        newlines++;
                    }

                    continue;
                }

                if (c == _quote)
                {
                    inQuote = true;
                    continue;
                }
            }
            else if (c == '\\')
            {
                // A backslash takes the next byte with it, a newline too.
                if (i + 1 >= data.Length && !final)
                    return -1;
                i++;
                continue;
            }

            if (c == '\n')
            {
                next = i + 1;
                return i;
            }

            if (c == '\r')
            {
                if (i + 1 >= data.Length && !final)
                    return -1;
                next = i + 1 < data.Length && data[i + 1] == '\n' ? i + 2 : i + 1;
                return i;
            }
        }

        if (!final)
            return -1;
        if (inQuote)
        {
            Line += 1 + (_eolSeen ? newlines : 0);
            throw Fail("22P04", "unterminated CSV quoted field", LineContext(data));
        }

        next = data.Length;
        return data.Length;
    }

    private void SplitFields(ReadOnlySpan<byte> line)
    {
        _fields.Clear();
        _scratchLength = 0;
        if (_scratch.Length < line.Length)
            _scratch = new byte[Math.Max(line.Length, _scratch.Length * 2)];
        if (_format.Csv)
            SplitCsv(line);
        else
            SplitText(line);
    }

    private void SplitText(ReadOnlySpan<byte> line)
    {
        int start = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] == '\\')
            {
                i++;
                continue;
            }

            if (i < line.Length && line[i] != _delimiter)
                continue;
            var raw = line[start..Math.Min(i, line.Length)];
            if (raw.SequenceEqual(_null))
            {
                _fields.Add((0, 0, true, false));
            }
            else
            {
                int at = _scratchLength;
                Unescape(raw);
                _fields.Add((at, _scratchLength - at, false, false));
            }

            start = i + 1;
        }
    }

    private void Unescape(ReadOnlySpan<byte> raw)
    {
        for (int i = 0; i < raw.Length; i++)
        {
            byte c = raw[i];
            if (c != '\\' || i + 1 >= raw.Length)
            {
                _scratch[_scratchLength++] = c;
                continue;
            }

            c = raw[++i];
            switch (c)
            {
                case (byte)'b': c = (byte)'\b'; break;
                case (byte)'f': c = (byte)'\f'; break;
                case (byte)'n': c = (byte)'\n'; break;
                case (byte)'r': c = (byte)'\r'; break;
                case (byte)'t': c = (byte)'\t'; break;
                case (byte)'v': c = (byte)'\v'; break;
                case >= (byte)'0' and <= (byte)'7':
                {
                    int value = c - '0';
                    for (int k = 0; k < 2 && i + 1 < raw.Length && raw[i + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                        value = value * 8 + (raw[++i] - '0');
                    c = (byte)value;
                    break;
                }

                case (byte)'x' when i + 1 < raw.Length && IsHex(raw[i + 1]):
                {
                    int value = HexValue(raw[++i]);
                    if (i + 1 < raw.Length && IsHex(raw[i + 1]))
                        value = value * 16 + HexValue(raw[++i]);
                    c = (byte)value;
                    break;
                }
            }

            _scratch[_scratchLength++] = c;
        }
    }

    private static bool IsHex(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private void SplitCsv(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (true)
        {
            int at = _scratchLength;
            int rawStart = i;
            bool quoted = false, inQuote = false;
            for (; i < line.Length; i++)
            {
                byte c = line[i];
                if (inQuote)
                {
                    if (c == _escape && i + 1 < line.Length && (line[i + 1] == _quote || (_escape != _quote && line[i + 1] == _escape)))
                    {
                        _scratch[_scratchLength++] = line[++i];
                        continue;
                    }

                    if (c == _quote)
                    {
                        inQuote = false;
                        continue;
                    }

                    _scratch[_scratchLength++] = c;
                    continue;
                }

                if (c == _delimiter)
                    break;
                if (c == _quote)
                {
                    inQuote = quoted = true;
                    continue;
                }

                _scratch[_scratchLength++] = c;
            }

            int column = _fields.Count;
            var raw = line[rawStart..i];
            bool isNull = !quoted && raw.SequenceEqual(_null);
            if (column < _forceNotNull.Length)
            {
                if (_forceNotNull[column])
                    isNull = false;
                else if (_forceNull[column] && quoted && _scratch.AsSpan(at, _scratchLength - at).SequenceEqual(_null))
                    isNull = true;
            }

            _fields.Add((at, _scratchLength - at, isNull, quoted));
            if (i >= line.Length)
                return;
            i++;
        }
    }

    private void ReadRow(ReadOnlySpan<byte> line)
    {
        if (_fields.Count > Row.Length)
            throw Fail("22P04", "extra data after last expected column", LineContext(line));
        if (_fields.Count < Row.Length)
            throw Fail("22P04", $"missing data for column \"{Target.Columns[_fields.Count].Name}\"", LineContext(line));
        for (int i = 0; i < Row.Length; i++)
        {
            var (start, length, isNull, _) = _fields[i];
            Row[i] = isNull ? null : Parse(i, Decode(start, length, line));
        }

        AddRow(line);
    }

    private string Decode(int start, int length, ReadOnlySpan<byte> line)
    {
        try
        {
            return StrictUtf8.GetString(_scratch, start, length);
        }
        catch (DecoderFallbackException e)
        {
            var bad = e.BytesUnknown is { Length: > 0 } b ? string.Join(" ", b.Select(x => $"0x{x:x2}")) : "";
            throw Fail("22021", $"invalid byte sequence for encoding \"UTF8\": {bad}", $"COPY {Target.Relation}, line {Line}");
        }
    }

    /// <summary>HEADER MATCH: the header line names the COPY's columns, in order.</summary>
    private void MatchHeader(ReadOnlySpan<byte> line)
    {
        if (_fields.Count != Row.Length)
            throw Fail("22P04", $"wrong number of fields in header line: got {_fields.Count}, expected {Row.Length}", LineContext(line));
        for (int i = 0; i < _fields.Count; i++)
        {
            var (start, length, isNull, _) = _fields[i];
            var expected = Target.Columns[i].Name;
            if (isNull)
                throw Fail("22P04", $"column name mismatch in header line field {i + 1}: got null value (\"{_format.Null}\"), expected \"{expected}\"", LineContext(line));
            var name = Decode(start, length, line);
            if (name != expected)
                throw Fail("22P04", $"column name mismatch in header line field {i + 1}: got \"{name}\", expected \"{expected}\"", LineContext(line));
        }
    }
}
