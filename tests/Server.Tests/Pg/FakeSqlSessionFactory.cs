using System.Collections.Concurrent;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Tests.Pg;

/// <summary>Opens <see cref="FakeSqlSession"/>s and remembers them, so tests can look at what a connection's session saw.</summary>
public sealed class FakeSqlSessionFactory : ISqlSessionFactory
{
    public ConcurrentQueue<FakeSqlSession> Sessions { get; } = new();

    /// <summary>Set to make the next opens fail as an engine would (e.g. an unknown database).</summary>
    public EngineError? OpenError { get; set; }

    public ValueTask<ISqlSession> OpenSessionAsync(SessionOptions options, CancellationToken cancellationToken)
    {
        if (OpenError is { } error)
            throw new EngineException(error);
        var session = new FakeSqlSession(options);
        Sessions.Enqueue(session);
        return ValueTask.FromResult<ISqlSession>(session);
    }
}
