using System.Collections.Concurrent;

namespace StreamSql.Server.Engine;

/// <summary>The open subscriptions of the server (SHOW SUBSCRIPTIONS), so that dropping a view can end them with an error.</summary>
internal sealed class SubscriptionRegistry
{
    private readonly ConcurrentDictionary<long, SubscriptionReader> _open = new();

    public void Add(SubscriptionReader reader) => _open[reader.Id] = reader;

    public void Remove(long id) => _open.TryRemove(id, out _);

    public IReadOnlyList<SubscriptionReader> Open => _open.Values.OrderBy(r => r.Id).ToList();

    public void CloseAllOf(string view, Exception error)
    {
        foreach (var reader in _open.Values)
        {
            if (reader.View == view)
                reader.Fail(error);
        }
    }
}
