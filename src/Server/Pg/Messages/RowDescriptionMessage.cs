using StreamSql.Server.Engine;

namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// RowDescription ('T'):
/// <code>
/// Byte1('T') Int32 length
/// Int16      number of fields
///   String   field name
///   Int32    table OID (0: not a column of a table)
///   Int16    column attribute number (0)
///   Int32    type OID
///   Int16    type size (pg_type.typlen, -1 variable)
///   Int32    type modifier (atttypmod, -1 none)
///   Int16    format code: 0 text, 1 binary (always 0 when describing a statement)
/// </code>
/// </summary>
internal static class RowDescriptionMessage
{
    public static void Write(PgOutput output, IReadOnlyList<ResultColumn> columns, short[]? formats)
    {
        output.StartMessage(BackendCode.RowDescription);
        output.WriteInt16((short)columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var type = columns[i].Type;
            output.WriteCString(columns[i].Name);
            output.WriteInt32(0);
            output.WriteInt16(0);
            output.WriteInt32(PgTypeMap.OidOf(type));
            output.WriteInt16(PgTypeMap.SizeOf(type));
            output.WriteInt32(PgTypeMap.ModifierOf(type));
            output.WriteInt16(formats is null ? (short)0 : formats[i]);
        }
        output.EndMessage();
    }
}
