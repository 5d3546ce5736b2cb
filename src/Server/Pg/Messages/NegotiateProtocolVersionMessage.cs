namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// NegotiateProtocolVersion ('v'), sent when a client asks for a newer 3.x minor version or for
/// protocol options (<c>_pq_.*</c>) this server does not know:
/// <code>
/// Byte1('v') Int32 length
/// Int32      newest minor version supported for the requested major version
/// Int32      number of unrecognized protocol options
/// String[n]  their names
/// </code>
/// </summary>
internal static class NegotiateProtocolVersionMessage
{
    public static void Write(PgOutput output, int newestMinor, IReadOnlyList<string> unrecognized)
    {
        output.StartMessage(BackendCode.NegotiateProtocolVersion);
        output.WriteInt32(newestMinor);
        output.WriteInt32(unrecognized.Count);
        foreach (var option in unrecognized)
            output.WriteCString(option);
        output.EndMessage();
    }
}
