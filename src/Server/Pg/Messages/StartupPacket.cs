namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// The first packet of a connection, which has no type byte:
/// <code>
/// Int32 length (including itself)
/// Int32 code: 196608 (3.0) StartupMessage | 80877103 SSLRequest | 80877104 GSSENCRequest | 80877102 CancelRequest
/// StartupMessage: (String name, String value)* then a terminating zero byte
/// CancelRequest:  Int32 process id, Int32 secret key
/// </code>
/// A protocol version's high 16 bits are the major version, the low 16 bits the minor.
/// </summary>
internal sealed record StartupPacket(
    StartupPacketKind Kind,
    int Version,
    IReadOnlyDictionary<string, string> Parameters,
    int ProcessId,
    int SecretKey)
{
    public const int SslRequestCode = 80877103;
    public const int GssEncRequestCode = 80877104;
    public const int CancelRequestCode = 80877102;
    public const int Protocol30 = 3 << 16;

    public int MajorVersion => Version >> 16;

    public int MinorVersion => Version & 0xFFFF;

    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    /// <summary>Reads the packet body (after the length); unknown codes are a startup message of an unsupported version.</summary>
    public static StartupPacket Read(ReadOnlySpan<byte> body)
    {
        var reader = new PgMessageReader(body);
        var code = reader.ReadInt32();
        switch (code)
        {
            case SslRequestCode:
                reader.End();
                return new StartupPacket(StartupPacketKind.SslRequest, code, NoParameters, 0, 0);
            case GssEncRequestCode:
                reader.End();
                return new StartupPacket(StartupPacketKind.GssEncRequest, code, NoParameters, 0, 0);
            case CancelRequestCode:
                var processId = reader.ReadInt32();
                var secret = reader.ReadInt32();
                reader.End();
                return new StartupPacket(StartupPacketKind.CancelRequest, code, NoParameters, processId, secret);
        }
        if (code >> 16 != 3)
            return new StartupPacket(StartupPacketKind.Startup, code, NoParameters, 0, 0);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var name = reader.ReadCString();
            if (name.Length == 0)
                break;
            parameters[name] = reader.ReadCString();
        }
        reader.End();
        return new StartupPacket(StartupPacketKind.Startup, code, parameters, 0, 0);
    }
}
