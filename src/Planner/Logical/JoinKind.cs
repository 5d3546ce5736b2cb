namespace StreamSql.Planner.Logical;

public enum JoinKind
{
    Inner,
    Left,
    Right,
    Full,
    Cross,
}
