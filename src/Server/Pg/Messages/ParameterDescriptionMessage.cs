using StreamSql.Runtime.Types;

namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// ParameterDescription ('t'), the reply to Describe of a statement, before its RowDescription:
/// <code>
/// Byte1('t') Int32 length
/// Int16      number of parameters
/// Int32[n]   parameter type OIDs
/// </code>
/// </summary>
internal static class ParameterDescriptionMessage
{
    public static void Write(PgOutput output, IReadOnlyList<DataType> types)
    {
        output.StartMessage(BackendCode.ParameterDescription);
        output.WriteInt16((short)types.Count);
        foreach (var type in types)
            output.WriteInt32(PgTypeMap.OidOf(type));
        output.EndMessage();
    }
}
