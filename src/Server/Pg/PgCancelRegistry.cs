using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace StreamSql.Server.Pg;

/// <summary>
/// The live connections by their BackendKeyData, so that a CancelRequest (which arrives on a
/// connection of its own) can reach the statement running on another. One per server.
/// </summary>
public sealed class PgCancelRegistry
{
    private readonly ConcurrentDictionary<int, (int Secret, PgConnection Connection)> _connections = new();
    private int _lastProcessId;

    internal (int ProcessId, int Secret) Register(PgConnection connection)
    {
        var secret = RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        while (true)
        {
            var processId = Interlocked.Increment(ref _lastProcessId) & int.MaxValue;
            if (processId != 0 && _connections.TryAdd(processId, (secret, connection)))
                return (processId, secret);
        }
    }

    internal void Unregister(int processId) => _connections.TryRemove(processId, out _);

    /// <summary>Cancels the running statement of the connection with this key; a wrong secret is ignored, as PostgreSQL does.</summary>
    internal bool TryCancel(int processId, int secret)
    {
        if (!_connections.TryGetValue(processId, out var entry) || entry.Secret != secret)
            return false;
        entry.Connection.CancelRunningStatement();
        return true;
    }

    /// <summary>Number of open connections that finished startup.</summary>
    public int Count => _connections.Count;
}
