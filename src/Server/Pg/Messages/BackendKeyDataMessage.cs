namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// BackendKeyData ('K'), what a client must quote in a CancelRequest for this connection:
/// <code>
/// Byte1('K') Int32(12)
/// Int32      process id
/// Int32      secret key
/// </code>
/// </summary>
internal static class BackendKeyDataMessage
{
    public static void Write(PgOutput output, int processId, int secretKey)
    {
        output.StartMessage(BackendCode.BackendKeyData);
        output.WriteInt32(processId);
        output.WriteInt32(secretKey);
        output.EndMessage();
    }
}
