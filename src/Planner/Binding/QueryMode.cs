namespace StreamSql.Planner.Binding;

internal enum QueryMode
{
    /// <summary>Runs once over committed snapshots (SELECT, INSERT ... SELECT): ORDER BY and LIMIT shape the result.</summary>
    OneTime,
    /// <summary>Maintained incrementally (materialized views, sinks, subscriptions): ORDER BY with LIMIT is a top-N, ORDER BY alone has no meaning.</summary>
    Streaming,
}
