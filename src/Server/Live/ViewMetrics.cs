namespace StreamSql.Server.Live;

/// <summary>
/// One materialized view: rows held, rows dropped as late, live subscribers, what its epochs cost
/// (its own operators: the last epoch in milliseconds, all epochs so far in seconds) and its state
/// in bytes as a checkpoint writes it (measured every few samples; null until first measured).
/// </summary>
public sealed record ViewMetrics(string Name, long StateRows, long LateRows, int Subscribers,
    double LastEpochMs = 0, double TotalEpochSeconds = 0, long Epochs = 0, long? StateBytes = null)
{
    /// <summary>Rows delivered to the view (its inputs' changes).</summary>
    public long RowsIn { get; init; }

    /// <summary>Changes the view committed.</summary>
    public long RowsOut { get; init; }

    /// <summary>Values its expressions made NULL for a data error (division by zero, a bad cast...).</summary>
    public long ExpressionErrors { get; init; }

    /// <summary>The last of those errors, or null.</summary>
    public string? LastExpressionError { get; init; }
}
