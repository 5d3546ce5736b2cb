using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;

namespace StreamSql.Bench.Runtime;

/// <summary>Bytes of state per live group of a running count + sum keyed by an int (goal &lt;= 64).</summary>
public sealed class GroupStateBenchmark : IBenchmark
{
    public string Name => "runtime-state";

    public string Description => "bytes of state per live group (int key, count, sum; goal <= 64)";

    public void Run(IReadOnlyList<string> args, TextWriter output)
    {
        int groups = args.Count > 0 ? int.Parse(args[0]) : 1_000_000;
        var schema = RowSchema.Of(("k", DataType.Int32), ("v", DataType.Int32), ("ts", DataType.Timestamp));
        var plan = new HashAggregateNode(new TableScanNode("t", schema), [0],
            [new AggregateCall("count", [], DataType.Int64), new AggregateCall("sum", [new ColumnExpression(1, DataType.Int32)], DataType.Int64)],
            RowSchema.Of(("k", DataType.Int32), ("n", DataType.Int64), ("s", DataType.Int64)));
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var dataflow = new DataflowBuilder(new ExpressionCompiler(FunctionContext.Epoch0), new NullLateRowHandler()).Build(plan, new RowCounter());
        var entry = dataflow.Inputs[0].Entry;
        var agg = (HashAggregateOperator)dataflow.Operators[0];
        const int size = 8192;
        for (int start = 0; start < groups; start += size)
        {
            int n = Math.Min(size, groups - start);
            var builder = new BatchBuilder(RuntimeBenchData.Types, n);
            builder.Reserve(n);
            for (int i = 0; i < n; i++)
            {
                builder.ColumnAt<int>(0).Values[i] = start + i;
                builder.ColumnAt<int>(1).Values[i] = i;
                builder.WeightArray[i] = 1;
            }
            builder.Commit(n);
            using var batch = builder.Build();
            entry.OnBatch(batch);
        }
        // Measured before the epoch ends: emitting a million changes would fill the buffer pool too.
        long after = GC.GetTotalMemory(forceFullCollection: true);
        entry.OnEpochEnd(1);
        GC.KeepAlive(dataflow);
        output.WriteLine($"{agg.GroupCount:N0} groups: measured heap {(after - before) / (double)agg.GroupCount:F1} bytes/group, " +
            $"operator estimate {agg.BytesPerGroup():F1} bytes/group (arrays sized to capacity)");
    }
}
