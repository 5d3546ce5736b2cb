using StreamSql.Server.Engine;

namespace StreamSql.Bench.Pg;

/// <summary>A reader of exactly one row.</summary>
public sealed class OneRowReader(object?[] row) : IRowReader
{
    private bool _done;

    public object?[] Current => row;

    public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        var more = !_done;
        _done = true;
        return ValueTask.FromResult(more);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
