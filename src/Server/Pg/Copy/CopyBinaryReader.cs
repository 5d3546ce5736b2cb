using System.Buffers.Binary;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Pg.Copy;

/// <summary>
/// COPY's binary format, as PostgreSQL reads it:
/// <code>
/// Byte11   signature "PGCOPY\n\377\r\n\0"
/// Int32    flags (bit 16: rows carry OIDs, refused; bits 0-15 must be 0)
/// Int32    header extension length, then that many bytes (skipped)
/// per row:
///   Int16  field count (-1: the trailer, the end of the data)
///   per field: Int32 length (-1: NULL), then the value in its type's binary (send/recv) format
/// </code>
/// A row is read once all its bytes have arrived. PostgreSQL counts rows as lines in the CONTEXT.
/// </summary>
internal sealed class CopyBinaryReader(CopyInTarget target, TimeZoneInfo timeZone) : CopyInReader(target, timeZone)
{
    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    private bool _headerRead;

    protected override int ReadRows(ReadOnlySpan<byte> data, bool final)
    {
        int at = 0;
        if (!_headerRead)
        {
            if (data.Length < Signature.Length + 8)
            {
                if (final)
                    throw Fail("22P04", "COPY file signature not recognized", null);
                return 0;
            }

            if (!data[..Signature.Length].SequenceEqual(Signature))
                throw Fail("22P04", "COPY file signature not recognized", null);
            int flags = BinaryPrimitives.ReadInt32BigEndian(data[Signature.Length..]);
            if ((flags & (1 << 16)) != 0)
                throw Fail("22P04", "invalid COPY file header (WITH OIDS)", null);
            if ((flags & 0xFFFF) != 0)
                throw Fail("22P04", "unrecognized critical flags in COPY file header", null);
            int extension = BinaryPrimitives.ReadInt32BigEndian(data[(Signature.Length + 4)..]);
            if (extension < 0)
                throw Fail("22P04", "invalid COPY file header (missing length)", null);
            if (data.Length < Signature.Length + 8 + extension)
            {
                if (final)
                    throw Fail("22P04", "invalid COPY file header (wrong length)", null);
                return 0;
            }

            at = Signature.Length + 8 + extension;
            _headerRead = true;
        }

        while (data.Length - at >= 2)
        {
            int start = at;
            short count = BinaryPrimitives.ReadInt16BigEndian(data[at..]);
            if (count == -1)
            {
                Ended = true;
                return data.Length;
            }

            Line++;
            if (count != Row.Length)
                throw Fail("22P04", $"row field count is {count}, expected {Row.Length}", Here());
            int end = RowEnd(data, at + 2, count);
            if (end < 0)
            {
                Line--;
                at = start;
                break;
            }

            at += 2;
            for (int i = 0; i < count; i++)
            {
                int length = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
                at += 4;
                if (length < 0)
                {
                    Row[i] = null;
                    continue;
                }

                // As PostgreSQL's receive functions: a fixed-size value that is short reads past its
                // field (08P01), one that is long leaves bytes unread (22P03).
                int size = PgTypeMap.SizeOf(Types[i]);
                if (size > 0 && length != size)
                {
                    throw length < size
                        ? Fail("08P01", "insufficient data left in message", $"COPY {Target.Relation}, line {Line}, column {Target.Columns[i].Name}")
                        : Fail("22P03", "incorrect binary data format", $"COPY {Target.Relation}, line {Line}, column {Target.Columns[i].Name}");
                }

                try
                {
                    Row[i] = PgBinaryCodec.Read(Types[i], data.Slice(at, length));
                }
                catch (PgValueException e)
                {
                    throw Fail(e.SqlState, e.Message, $"COPY {Target.Relation}, line {Line}, column {Target.Columns[i].Name}");
                }

                at += length;
            }

            AddRow(default);
        }

        if (final && at < data.Length)
        {
            // PostgreSQL names the column whose length or value the data ended in.
            Line++;
            int column = data.Length - at < 2 ? -1 : EndedIn(data, at + 2);
            throw Fail("22P04", "unexpected EOF in COPY data", column < 0 ? Here() : $"{Here()}, column {Target.Columns[column].Name}");
        }

        return at;
    }

    /// <summary>Where the row whose fields start at <paramref name="at"/> ends, or -1 when not all of it has arrived.</summary>
    private int RowEnd(ReadOnlySpan<byte> data, int at, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (data.Length - at < 4)
                return -1;
            int length = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
            at += 4;
            if (length < -1)
                throw Fail("22P04", "invalid field size", Here());
            if (length > 0)
            {
                if (data.Length - at < length)
                    return -1;
                at += length;
            }
        }

        return at;
    }

    /// <summary>The column of an incomplete row (fields from <paramref name="at"/>) in which the data ends.</summary>
    private static int EndedIn(ReadOnlySpan<byte> data, int at)
    {
        for (int i = 0; ; i++)
        {
            if (data.Length - at < 4)
                return i;
            int length = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
            at += 4;
            if (length > 0 && data.Length - at < length)
                return i;
            at += Math.Max(length, 0);
        }
    }

    protected override string RowContext(ReadOnlySpan<byte> lineText) => Here();

    private string Here() => $"COPY {Target.Relation}, line {Line}";
}
