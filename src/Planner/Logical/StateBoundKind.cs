namespace StreamSql.Planner.Logical;

public enum StateBoundKind
{
    /// <summary>The node keeps no state across epochs.</summary>
    Stateless,
    /// <summary>State for a window is freed when the watermark passes the window's end.</summary>
    WindowClose,
    /// <summary>State older than the watermark is freed.</summary>
    Watermark,
    /// <summary>A fixed amount of state (one group, N rows), whatever the input.</summary>
    Fixed,
    /// <summary>State grows with the number of distinct keys or rows and is never freed.</summary>
    Unbounded,
}
