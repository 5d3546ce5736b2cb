using StreamSql.Runtime.Operators;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// The operators built from one plan: its inputs (in plan order) and every operator, in build order,
/// for snapshots. The runtime feeds the inputs; the last operator is the caller's downstream.
/// </summary>
public sealed class Dataflow(IReadOnlyList<DataflowInput> inputs, IReadOnlyList<IOperator> operators)
{
    public IReadOnlyList<DataflowInput> Inputs { get; } = inputs;

    public IReadOnlyList<IOperator> Operators { get; } = operators;

    /// <summary>Time spent in this dataflow's operators.</summary>
    internal DataflowTimer Timer { get; } = new();

    /// <summary>Writes every operator's state, in build order.</summary>
    public void Snapshot(Stream stream)
    {
        foreach (var op in Operators)
            op.Snapshot(stream);
    }

    /// <summary>Reads state written by <see cref="Snapshot"/> of a dataflow built from the same plan.</summary>
    public void Restore(Stream stream)
    {
        foreach (var op in Operators)
            op.Restore(stream);
    }

    /// <summary>Every operator notes its changes from now on (<see cref="IOperator.BeginDelta"/>).</summary>
    public void BeginDelta()
    {
        foreach (var op in Operators)
            op.BeginDelta();
    }

    /// <summary>Writes every operator's changes since the last checkpoint, in build order.</summary>
    public void SnapshotDelta(Stream stream)
    {
        foreach (var op in Operators)
            op.SnapshotDelta(stream);
    }

    /// <summary>Applies what <see cref="SnapshotDelta"/> wrote.</summary>
    public void ApplyDelta(Stream stream)
    {
        foreach (var op in Operators)
            op.ApplyDelta(stream);
    }
}
