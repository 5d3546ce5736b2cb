using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;

namespace StreamSql.Server.Live;

/// <summary>
/// The SignalR hub at <c>/hubs/stream</c>. <c>Subscribe</c> streams <see cref="ResultFrame"/>s of a view
/// or query: the first frame carries the columns (and the snapshot), then one frame per committed epoch
/// that changed it. Errors reach the client as <c>ERROR sqlstate: message</c>.
/// </summary>
internal sealed class StreamHub(LiveFeeds feeds, LiveMetrics metrics) : Hub
{
    public override Task OnConnectedAsync()
    {
        metrics.HubConnected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.HubDisconnected();
        return base.OnDisconnectedAsync(exception);
    }

    public async IAsyncEnumerable<ResultFrame> Subscribe(string query, SubscribeOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var user = Context.User?.Identity?.Name ?? "streamsql";
        LiveFeed feed;
        LiveSubscriber subscriber;
        try
        {
            (feed, subscriber) = await feeds.SubscribeAsync(query, options ?? new SubscribeOptions(), user, cancellationToken);
            subscriber.Client = Context.ConnectionId;
        }
        catch (LiveException e)
        {
            throw new HubException(e.ClientMessage);
        }

        try
        {
            while (await NextAsync(subscriber, cancellationToken) is { } frame)
                yield return frame;
        }
        finally
        {
            feed.Unsubscribe(subscriber);
        }
    }

    private static async ValueTask<ResultFrame?> NextAsync(LiveSubscriber subscriber, CancellationToken cancellationToken)
    {
        try
        {
            if (subscriber.TryRead(out var frame))
                return frame;
            if (await subscriber.WaitToReadAsync(cancellationToken) && subscriber.TryRead(out frame))
                return frame;
            return null;
        }
        catch (LiveException e)
        {
            throw new HubException(e.ClientMessage);
        }
    }
}
