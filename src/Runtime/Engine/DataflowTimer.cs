namespace StreamSql.Runtime.Engine;

/// <summary>
/// Time spent inside one dataflow (a view's or a sink's operators), exclusive of the dataflows it
/// feeds: what its epochs cost. Ticks are <see cref="System.Diagnostics.Stopwatch"/> ticks.
/// </summary>
internal sealed class DataflowTimer
{
    public long Ticks;

    public long TicksAtEpochStart;

    /// <summary>The ticks of the last epoch.</summary>
    public long LastEpochTicks;

    public long Epochs;

    /// <summary>Rows delivered to the dataflow's inputs.</summary>
    public long RowsIn;
}
