namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// Finds where records end in UTF-8 input: at each line feed, except, for CSV, inside a
/// double-quoted field (the same quoting rules <see cref="CsvRecordDecoder"/> applies, so a
/// quoted line break never splits a record). Works on bytes: a line feed, a quote and an ASCII
/// delimiter never occur inside a multi-byte UTF-8 sequence. Keeps its state between calls so
/// that a record spread over several reads is scanned once.
/// </summary>
internal struct RecordFramer(bool csvQuoting, byte delimiter)
{
    private int scanned;
    private bool inQuotes;
    private bool afterClosingQuote;
    private bool atFieldStart = true;

    /// <summary>
    /// The index of the line feed that ends the record starting at <paramref name="data"/>[0], or
    /// -1 when <paramref name="data"/> holds only part of it (call again with the same start and
    /// more bytes). After a hit the framer is ready for the next record.
    /// </summary>
    public int FindEnd(ReadOnlySpan<byte> data)
    {
        if (!csvQuoting)
        {
            int at = data[scanned..].IndexOf((byte)'\n');
            if (at < 0)
            {
                scanned = data.Length;
                return -1;
            }
            int end = scanned + at;
            scanned = 0;
            return end;
        }
        for (int i = scanned; i < data.Length; i++)
        {
            byte b = data[i];
            if (inQuotes)
            {
                if (b == (byte)'"')
                {
                    inQuotes = false;
                    afterClosingQuote = true;
                }
                continue;
            }
            if (afterClosingQuote)
            {
                afterClosingQuote = false;
                if (b == (byte)'"')
                {
                    // "" inside a quoted field: an escaped quote, still quoted.
                    inQuotes = true;
                    continue;
                }
            }
            if (b == (byte)'\n')
            {
                Reset();
                return i;
            }
            if (b == delimiter)
                atFieldStart = true;
            else
            {
                if (b == (byte)'"' && atFieldStart)
                    inQuotes = true;
                atFieldStart = false;
            }
        }
        scanned = data.Length;
        return -1;
    }

    /// <summary>Forgets a partly scanned record (a new file or connection).</summary>
    public void Reset()
    {
        scanned = 0;
        inQuotes = false;
        afterClosingQuote = false;
        atFieldStart = true;
    }
}
