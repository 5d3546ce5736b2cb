namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// The type bytes of backend (server to client) messages. The messages with an empty body are
/// written by <see cref="EmptyMessage"/>: Byte1(code) Int32(4).
/// </summary>
internal static class BackendCode
{
    public const byte Authentication = (byte)'R';
    public const byte ParameterStatus = (byte)'S';
    public const byte BackendKeyData = (byte)'K';
    public const byte ReadyForQuery = (byte)'Z';
    public const byte RowDescription = (byte)'T';
    public const byte DataRow = (byte)'D';
    public const byte CommandComplete = (byte)'C';
    public const byte ErrorResponse = (byte)'E';
    public const byte NoticeResponse = (byte)'N';
    public const byte ParameterDescription = (byte)'t';
    public const byte CopyOutResponse = (byte)'H';
    public const byte CopyInResponse = (byte)'G';
    public const byte CopyData = (byte)'d';
    public const byte NegotiateProtocolVersion = (byte)'v';

    public const byte ParseComplete = (byte)'1';
    public const byte BindComplete = (byte)'2';
    public const byte CloseComplete = (byte)'3';
    public const byte NoData = (byte)'n';
    public const byte PortalSuspended = (byte)'s';
    public const byte EmptyQueryResponse = (byte)'I';
    public const byte CopyDone = (byte)'c';
}
