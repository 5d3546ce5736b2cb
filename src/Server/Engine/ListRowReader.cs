namespace StreamSql.Server.Engine;

/// <summary>Rows that are all known when the statement completes (SELECT, SHOW, EXPLAIN, FETCH).</summary>
public sealed class ListRowReader(IReadOnlyList<object?[]> rows) : IRowReader
{
    private int _next;

    public object?[] Current { get; private set; } = [];

    public int Count => rows.Count;

    public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (_next >= rows.Count)
            return ValueTask.FromResult(false);
        Current = rows[_next++];
        return ValueTask.FromResult(true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
