namespace StreamSql.Server.Pg.Messages;

internal enum StartupPacketKind
{
    Startup,
    SslRequest,
    GssEncRequest,
    CancelRequest,
}
