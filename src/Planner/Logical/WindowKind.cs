namespace StreamSql.Planner.Logical;

public enum WindowKind
{
    Tumble,
    Hop,
    Session,
}
