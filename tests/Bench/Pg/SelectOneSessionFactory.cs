using StreamSql.Server.Engine;

namespace StreamSql.Bench.Pg;

/// <summary>Sessions that answer every statement with one row <c>?column? = 1</c>: the protocol's cost alone.</summary>
public sealed class SelectOneSessionFactory : ISqlSessionFactory
{
    public ValueTask<ISqlSession> OpenSessionAsync(SessionOptions options, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ISqlSession>(new SelectOneSession());
}
