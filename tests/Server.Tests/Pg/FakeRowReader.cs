using StreamSql.Server.Engine;

namespace StreamSql.Server.Tests.Pg;

/// <summary>
/// Rows from a function of the row index: a fixed table (count given), an endless stream with a
/// delay between rows, or a stream that fails after some rows. Honours cancellation while waiting.
/// </summary>
public sealed class FakeRowReader(Func<long, object?[]> row, long count, TimeSpan delay = default, long failAfter = -1, Exception? failure = null) : IRowReader
{
    private long _index = -1;

    public object?[] Current { get; private set; } = [];

    public bool Disposed { get; private set; }

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_index + 1 == failAfter)
            throw failure ?? new EngineException(new EngineError("XX000", "reader failed"));
        if (count >= 0 && _index + 1 >= count)
            return false;
        if (delay > TimeSpan.Zero && _index >= 0)
            await Task.Delay(delay, cancellationToken);
        _index++;
        Current = row(_index);
        return true;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
