namespace StreamSql.Server.Live;

/// <summary>One materialized view: rows held, rows dropped as late, live subscribers.</summary>
public sealed record ViewMetrics(string Name, long StateRows, long LateRows, int Subscribers);
