using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Tests.Support;

/// <summary>
/// Runs a hand-built plan as a dataflow without the runtime: scripted batches and watermarks go to
/// its inputs (in plan order), and <see cref="Output"/> records each epoch's changes.
/// </summary>
internal sealed class Harness
{
    private long epoch;

    public Harness(PlanNode plan)
    {
        Late = new NullLateRowHandler();
        Dataflow = new DataflowBuilder(new ExpressionCompiler(FunctionContext.Epoch0), Late).Build(plan, Output);
    }

    public Collector Output { get; } = new();

    public NullLateRowHandler Late { get; }

    public Dataflow Dataflow { get; }

    public Harness Send(int input, Batch batch)
    {
        using (batch)
            Dataflow.Inputs[input].Entry.OnBatch(batch);
        return this;
    }

    public Harness Send(Batch batch) => Send(0, batch);

    public Harness Watermark(int input, int column, long value)
    {
        Dataflow.Inputs[input].Entry.OnWatermark(new Watermark(column, value));
        return this;
    }

    public List<string> EndEpoch()
    {
        epoch++;
        foreach (var input in Dataflow.Inputs)
            input.Entry.OnEpochEnd(epoch);
        return Output.Last;
    }
}
