namespace StreamSql.Runtime.Plan;

/// <summary>Time window table functions that assign rows to windows before grouping.</summary>
public enum WindowKind
{
    /// <summary>Fixed-size, non-overlapping windows: each row is in exactly one.</summary>
    Tumble,

    /// <summary>Fixed-size windows every slide: each row is in size / slide windows.</summary>
    Hop,
}
