namespace StreamSql.Server.Testing;

/// <summary>What one statement did on the engine under test, with values already in sqllogictest text form.</summary>
public sealed record SltOutcome(IReadOnlyList<IReadOnlyList<string>>? Rows, long? RowCount, string? Error, string? SqlState)
{
    public static SltOutcome Failed(string message, string? sqlState) => new(null, null, message, sqlState);
}
