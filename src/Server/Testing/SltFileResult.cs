namespace StreamSql.Server.Testing;

/// <summary>The records of one file (its includes folded in), in the order they ran.</summary>
public sealed record SltFileResult(string File, IReadOnlyList<SltRecordResult> Records, string? FileError)
{
    public int Passed => Records.Count(r => r.Verdict == SltVerdict.Passed);
    public int Failed => Records.Count(r => r.Verdict == SltVerdict.Failed) + (FileError is null ? 0 : 1);
    public int Skipped => Records.Count(r => r.Verdict == SltVerdict.Skipped);
}
