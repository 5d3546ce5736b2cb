using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Operators;

/// <summary>Drops late rows, only counting them.</summary>
public sealed class NullLateRowHandler : ILateRowHandler
{
    public long Count { get; private set; }

    public void OnLateRows(Batch batch, ReadOnlySpan<int> rows) => Count += rows.Length;
}
