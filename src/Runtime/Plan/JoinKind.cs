namespace StreamSql.Runtime.Plan;

/// <summary>Which unmatched rows a join keeps (padded with NULLs on the other side).</summary>
public enum JoinKind
{
    Inner,
    Left,
    Right,
    Full,
}
