namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// ParameterStatus ('S'), a run-time setting the client should know (server_version, TimeZone...):
/// <code>
/// Byte1('S') Int32 length
/// String     parameter name
/// String     current value
/// </code>
/// </summary>
internal static class ParameterStatusMessage
{
    public static void Write(PgOutput output, string name, string value)
    {
        output.StartMessage(BackendCode.ParameterStatus);
        output.WriteCString(name);
        output.WriteCString(value);
        output.EndMessage();
    }
}
