namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// Authentication requests ('R'):
/// <code>
/// Byte1('R') Int32 length
/// Int32      0 Ok | 3 CleartextPassword | 5 MD5Password | 10 SASL | 11 SASLContinue | 12 SASLFinal
/// MD5Password:  Byte4 salt
/// SASL:         String mechanism name, repeated, then a zero byte
/// SASLContinue: Byte[n] server-first-message
/// SASLFinal:    Byte[n] server-final-message
/// </code>
/// </summary>
internal static class AuthenticationMessage
{
    public const int Ok = 0;
    public const int CleartextPassword = 3;
    public const int Md5Password = 5;
    public const int Sasl = 10;
    public const int SaslContinue = 11;
    public const int SaslFinal = 12;

    public static void Write(PgOutput output, int request, ReadOnlySpan<byte> payload = default)
    {
        output.StartMessage(BackendCode.Authentication);
        output.WriteInt32(request);
        output.WriteBytes(payload);
        output.EndMessage();
    }

    public static void WriteSaslMechanisms(PgOutput output, IReadOnlyList<string> mechanisms)
    {
        output.StartMessage(BackendCode.Authentication);
        output.WriteInt32(Sasl);
        foreach (var mechanism in mechanisms)
            output.WriteCString(mechanism);
        output.WriteByte(0);
        output.EndMessage();
    }
}
