namespace StreamSql.Planner.Tests;

/// <summary>One statement of a sqllogictest file and whether the file expects it to fail.</summary>
internal sealed record SltRecord(string File, int Line, string Sql, bool ExpectError);
