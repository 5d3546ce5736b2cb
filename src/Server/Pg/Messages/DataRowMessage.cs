using StreamSql.Runtime.Types;

namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// DataRow ('D'), written straight into the output without an intermediate buffer:
/// <code>
/// Byte1('D') Int32 length
/// Int16      number of columns
///   Int32    value length, -1 for NULL (the length is patched in after the value is formatted)
///   Byte[n]  value in the column's format (text or binary)
/// </code>
/// </summary>
internal static class DataRowMessage
{
    public static void Write(PgOutput output, DataType[] types, object?[] values, short[]? formats, TimeZoneInfo timeZone)
    {
        output.StartMessage(BackendCode.DataRow);
        WriteFields(output, types, values, formats, allBinary: false, timeZone);
        output.EndMessage();
    }

    /// <summary>
    /// A row's fields as DataRow lays them out, and binary COPY a tuple: Int16 count, then each value's
    /// Int32 length (-1: NULL) and bytes, binary where <paramref name="formats"/> says 1 or
    /// <paramref name="allBinary"/>, else text.
    /// </summary>
    public static void WriteFields(PgOutput output, DataType[] types, object?[] values, short[]? formats, bool allBinary, TimeZoneInfo timeZone)
    {
        output.WriteInt16((short)types.Length);
        for (var i = 0; i < types.Length; i++)
        {
            var value = i < values.Length ? values[i] : null;
            if (value is null)
            {
                output.WriteInt32(-1);
                continue;
            }
            var at = output.ReserveInt32();
            if (allBinary || (formats is not null && formats[i] == 1))
                PgBinaryCodec.Write(output, types[i], value);
            else
                PgTextCodec.Write(output, types[i], value, timeZone);
            output.PatchInt32(at, output.MessageOffset - at - 4);
        }
    }
}
