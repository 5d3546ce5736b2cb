namespace StreamSql.Server.Pg.Messages;

/// <summary>The type bytes of frontend (client to server) messages after startup.</summary>
internal static class FrontendCode
{
    public const byte Query = (byte)'Q';
    public const byte Parse = (byte)'P';
    public const byte Bind = (byte)'B';
    public const byte Describe = (byte)'D';
    public const byte Execute = (byte)'E';
    public const byte Sync = (byte)'S';
    public const byte Flush = (byte)'H';
    public const byte Close = (byte)'C';
    public const byte Terminate = (byte)'X';
    /// <summary>PasswordMessage, SASLInitialResponse and SASLResponse share this code; the auth phase says which.</summary>
    public const byte Password = (byte)'p';
    public const byte CopyData = (byte)'d';
    public const byte CopyDone = (byte)'c';
    public const byte CopyFail = (byte)'f';
    public const byte FunctionCall = (byte)'F';
}
