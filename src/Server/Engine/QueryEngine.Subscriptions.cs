using StreamSql.Planner;
using StreamSql.Runtime;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;

namespace StreamSql.Server.Engine;

public sealed partial class QueryEngine
{
    /// <summary>The columns a SUBSCRIBE returns: <c>epoch</c>, <c>diff</c>, with PROGRESS <c>progressed</c>, then the view's.</summary>
    internal static IReadOnlyList<ResultColumn> SubscribeColumns(SubscribePlan subscribe)
    {
        var columns = new List<ResultColumn> { new("epoch", DataType.Int64), new("diff", DataType.Int32) };
        if (subscribe.Options.Progress)
            columns.Add(new ResultColumn("progressed", DataType.Boolean));
        columns.AddRange(Columns(subscribe.Columns));
        return columns;
    }

    /// <summary>
    /// Starts a subscription: to a materialized view directly, or to a query through a temporary
    /// materialized view that lives as long as the subscription. Called under the gate, so no DDL
    /// interleaves; all subscribers of a view share its dataflow. The view keeps its changes for at
    /// least the session's <c>subscription_retention</c>, so the client can resume within it.
    /// </summary>
    private (IReadOnlyList<ResultColumn> Columns, IRowReader Reader) OpenSubscription(Session session, SubscribePlan subscribe, IReadOnlyList<object?>? parameters = null)
    {
        var retention = session.Settings.SubscriptionRetention;
        var id = Interlocked.Increment(ref _nextSubscription);
        string view;
        string target;
        Func<ValueTask>? onDispose = null;
        if (subscribe.Relation is { Kind: ObjectKind.MaterializedView } relation)
        {
            view = relation.Name;
            target = relation.Name;
        }
        else if (subscribe.Physical is { } physical)
        {
            // A query, or a table or plain view read as SELECT * FROM it.
            view = $"__subscription_{id}";
            target = subscribe.Relation?.Name ?? "(query)";
            // The query's parameters ($1...) are bound for the subscription's life.
            Runtime.CreateMaterializedView(view, physical is MaterializeNode ? physical : new MaterializeNode(physical), parameters: parameters);
            onDispose = async () =>
            {
                await _gate.WaitAsync();
                try
                {
                    Runtime.DropMaterializedView(view);
                }
                finally
                {
                    _gate.Release();
                }
            };
        }
        else if (subscribe.Relation is { } other)
        {
            throw new SqlStateException("42809", $"cannot subscribe to {Describe(other.Kind)} \"{other.Name}\"",
                hint: "SUBSCRIBE reads a materialized view, a table or a view; for a source, CREATE MATERIALIZED VIEW over it or SUBSCRIBE to a query");
        }
        else
        {
            throw new SqlStateException("XX000", "SUBSCRIBE has neither a relation nor a query");
        }

        var since = subscribe.Options.Since;
        // The snapshot and the subscription's start epoch are taken in one instant, so no epoch's
        // changes are both in the snapshot and in the stream (or in neither).
        ViewSubscription subscription;
        IReadOnlyList<object?[]>? snapshot = null;
        if (subscribe.Options.Snapshot && since is null)
        {
            var (contents, started) = Runtime.SubscribeWithSnapshot(view, retention);
            (snapshot, subscription) = (contents.Rows, started);
        }
        else
        {
            // With SINCE, the changes the view kept after that epoch come first (55000 when they are gone).
            subscription = Runtime.Subscribe(view, since, retention);
        }
        var reader = new SubscriptionReader(id, view, target, this, subscription, snapshot, subscribe.Options.Progress, onDispose);
        Subscriptions.Add(reader);
        return (SubscribeColumns(subscribe), reader);
    }

    private static string Describe(ObjectKind kind) => kind switch
    {
        ObjectKind.MaterializedView => "materialized view",
        ObjectKind.SystemTable => "system table",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
