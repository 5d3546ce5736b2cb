namespace StreamSql.Server.Engine;

/// <summary>Opens sessions on the one engine of this server; every front end holds one of these.</summary>
public interface ISqlSessionFactory
{
    ValueTask<ISqlSession> OpenSessionAsync(SessionOptions options, CancellationToken cancellationToken);
}
