using StreamSql.Server.Engine;
using StreamSql.Server.Pg.Copy;

namespace StreamSql.Server.Pg;

/// <summary>
/// A COPY FROM STDIN in progress on a connection: where its rows go, the reader they are fed to,
/// and what to resume when it ends: the rest of a simple query's statements (<see cref="Results"/>)
/// or, in the extended protocol, the portal that ran it.
/// </summary>
internal sealed class PgCopyIn(CopyInTarget target, CopyInReader reader, IAsyncEnumerator<StatementResult>? results, PgPortal? portal, CancellationToken token)
{
    public CopyInTarget Target { get; } = target;
    public CopyInReader Reader { get; } = reader;
    public IAsyncEnumerator<StatementResult>? Results { get; } = results;
    public PgPortal? Portal { get; } = portal;
    public CancellationToken Token { get; } = token;
}
