using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// Receives rows an operator found late (behind the watermark that closed their window): the
/// runtime counts them per view and per source and appends them to the view's LATE DATA table.
/// </summary>
public interface ILateRowHandler
{
    /// <summary>Physical rows of <paramref name="batch"/> that are late; only valid during the call.</summary>
    void OnLateRows(Batch batch, ReadOnlySpan<int> rows);
}
