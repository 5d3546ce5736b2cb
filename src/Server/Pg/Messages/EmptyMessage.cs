namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// ParseComplete ('1'), BindComplete ('2'), CloseComplete ('3'), NoData ('n'), PortalSuspended
/// ('s'), EmptyQueryResponse ('I') and CopyDone ('c'): a type byte and Int32 length 4, nothing else.
/// </summary>
internal static class EmptyMessage
{
    public static void Write(PgOutput output, byte code)
    {
        output.StartMessage(code);
        output.EndMessage();
    }
}
