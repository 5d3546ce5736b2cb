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
            if (formats is not null && formats[i] == 1)
                PgBinaryCodec.Write(output, types[i], value);
            else
                PgTextCodec.Write(output, types[i], value, timeZone);
            output.PatchInt32(at, output.MessageOffset - at - 4);
        }
        output.EndMessage();
    }
}
