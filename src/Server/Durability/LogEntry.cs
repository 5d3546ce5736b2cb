using System.Collections.Immutable;

namespace StreamSql.Server.Durability;

/// <summary>
/// One logged change. Log sequence numbers (LSNs) are shared by the catalog log and the table log,
/// so replaying both merged by LSN repeats the statements in the order they were acknowledged.
/// </summary>
public abstract record LogEntry(long Lsn);

/// <summary>A successful DDL statement (its SQL text, replayed through the same planner at start).</summary>
public sealed record LoggedStatement(long Lsn, string Sql) : LogEntry(Lsn);

/// <summary>The delta one DML statement applied to a table: rows with weights (+1 insert, -1 delete).</summary>
public sealed record LoggedTableChange(long Lsn, string Table, ImmutableArray<(object?[] Row, int Weight)> Rows) : LogEntry(Lsn);
