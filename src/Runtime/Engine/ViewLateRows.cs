using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Operators;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// Late rows of one view or sink: counted for the view and for the watermarked relations it reads,
/// and, with LATE DATA TO, queued as inserts into that table for the next epoch. Also what its
/// expressions turned into NULL for a data error (counted, the last one kept).
/// </summary>
internal sealed class ViewLateRows(Action<Batch, ReadOnlySpan<int>>? toTable) : ILateRowHandler, IExpressionErrorSink
{
    public long Count { get; private set; }

    public long ExpressionErrors { get; private set; }

    public SqlStateException? LastExpressionError { get; private set; }

    public void OnExpressionError(SqlStateException error)
    {
        ExpressionErrors++;
        LastExpressionError = error;
    }

    public List<RelationState> Inputs { get; } = [];

    public void OnLateRows(Batch batch, ReadOnlySpan<int> rows) => OnLateRows(batch, rows, null);

    /// <summary>Late rows that came from <paramref name="from"/> (the relations below the operator that found them late; null: any input).</summary>
    public void OnLateRows(Batch batch, ReadOnlySpan<int> rows, IReadOnlySet<string>? from)
    {
        Count += rows.Length;
        foreach (var input in Inputs)
            if (input.WatermarkSpec is not null && (from is null || from.Contains(input.Name)))
                input.LateRows += rows.Length;
        toTable?.Invoke(batch, rows);
    }
}
