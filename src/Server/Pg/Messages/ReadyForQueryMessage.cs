namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// ReadyForQuery ('Z'):
/// <code>
/// Byte1('Z') Int32(5)
/// Byte1      transaction status: 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block
/// </code>
/// </summary>
internal static class ReadyForQueryMessage
{
    public const byte Idle = (byte)'I';
    public const byte InTransaction = (byte)'T';
    public const byte FailedTransaction = (byte)'E';

    public static void Write(PgOutput output, byte status)
    {
        output.StartMessage(BackendCode.ReadyForQuery);
        output.WriteByte(status);
        output.EndMessage();
    }
}
