namespace StreamSql.Runtime.Plan;

/// <summary>How a join bounds its state.</summary>
public enum JoinVariant
{
    /// <summary>Both sides' state is kept for ever (bounded only by the inputs' own retractions).</summary>
    Regular,

    /// <summary>Keys plus a time range (<see cref="IntervalJoinBounds"/>); state cleaned by watermarks.</summary>
    Interval,

    /// <summary>Keys include window_start/window_end on both sides; a window's state is freed when it closes.</summary>
    Window,
}
