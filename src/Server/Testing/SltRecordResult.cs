namespace StreamSql.Server.Testing;

/// <summary>How one record went: passed, failed (with a message that shows expected and actual), or skipped (with why).</summary>
public sealed record SltRecordResult(SltRecord Record, SltVerdict Verdict, string? Message, TimeSpan Duration);

public enum SltVerdict
{
    Passed,
    Failed,
    Skipped,
}
