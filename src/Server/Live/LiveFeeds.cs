using StreamSql.Server.Engine;

namespace StreamSql.Server.Live;

/// <summary>
/// The open feeds, one per view or query text: the first subscriber opens a feed, later ones join
/// it, so a view has one engine subscription however many clients watch it.
/// </summary>
internal sealed class LiveFeeds(QueryEngine engine, LiveOptions options) : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Task<LiveFeed>> _feeds = new(StringComparer.Ordinal);

    public LiveOptions Options { get; } = options;

    /// <summary>Open feeds and their subscriber counts (metrics).</summary>
    public IReadOnlyList<LiveFeed> Open
    {
        get
        {
            lock (_lock)
                return [.. _feeds.Values.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)];
        }
    }

    /// <summary>Joins (or opens) the feed of <paramref name="query"/>: a view or table name, or a query.</summary>
    public async Task<(LiveFeed Feed, LiveSubscriber Subscriber)> SubscribeAsync(string query, SubscribeOptions subscribe, string user, CancellationToken cancellationToken)
    {
        var (key, target) = Target(query);
        for (var attempt = 0; ; attempt++)
        {
            Task<LiveFeed> opening;
            lock (_lock)
            {
                if (!_feeds.TryGetValue(key, out opening!) || opening.IsFaulted || opening.IsCanceled)
                {
                    opening = LiveFeed.OpenAsync(key, target, engine, user, Options, Closed, CancellationToken.None);
                    _feeds[key] = opening;
                }
            }

            LiveFeed feed;
            try
            {
                feed = await opening.WaitAsync(cancellationToken);
            }
            catch (LiveException)
            {
                Forget(key, opening);
                throw;
            }

            try
            {
                return (feed, feed.Subscribe(subscribe));
            }
            catch (LiveException) when (attempt == 0 && subscribe.Since is null)
            {
                // The feed ended (its view was dropped and maybe created again) between lookup and join.
                Forget(key, opening);
            }
        }
    }

    /// <summary>A view name as given, or a query wrapped in parentheses for SUBSCRIBE.</summary>
    internal static (string Key, string Target) Target(string query)
    {
        var text = query.Trim().TrimEnd(';').Trim();
        if (text.Length == 0)
            throw new LiveException("42601", "nothing to subscribe to: give a materialized view, a table or a SELECT");
        var first = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
        var isQuery = text[0] == '(' || first.Equals("select", StringComparison.OrdinalIgnoreCase)
            || first.Equals("with", StringComparison.OrdinalIgnoreCase) || first.Equals("values", StringComparison.OrdinalIgnoreCase);
        if (isQuery)
            return (text, text[0] == '(' ? text : $"({text})");
        if (text.Contains(';', StringComparison.Ordinal) || text.Contains(' ', StringComparison.Ordinal))
            throw new LiveException("42601", $"'{text}' is neither a view name nor a SELECT", "give a materialized view or table name, or a query starting with SELECT");
        return (text, text);
    }

    private void Closed(LiveFeed feed)
    {
        lock (_lock)
        {
            if (_feeds.TryGetValue(feed.Key, out var task) && task.IsCompletedSuccessfully && ReferenceEquals(task.Result, feed))
                _feeds.Remove(feed.Key);
        }

        _ = feed.DisposeAsync().AsTask();
    }

    private void Forget(string key, Task<LiveFeed> opening)
    {
        lock (_lock)
        {
            if (_feeds.TryGetValue(key, out var task) && ReferenceEquals(task, opening))
                _feeds.Remove(key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Task<LiveFeed>> all;
        lock (_lock)
        {
            all = [.. _feeds.Values];
            _feeds.Clear();
        }

        foreach (var task in all)
        {
            if (task.IsCompletedSuccessfully)
                await task.Result.DisposeAsync();
        }
    }
}
