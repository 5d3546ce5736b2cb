namespace StreamSql.Server.Tests.Differential;

/// <summary>
/// One query of the differential test, written twice: as a StreamSql materialized view and as the
/// PostgreSQL query that computes the same rows over the final tables (windows with date_bin and
/// generate_series there).
/// </summary>
public sealed record QueryShape(string Name, string StreamSql, string Postgres);
