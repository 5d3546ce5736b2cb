using System.Diagnostics;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;

namespace StreamSql.Bench.Runtime;

/// <summary>WHERE v &lt; 500 (half the rows) then SELECT k, v + 1, ts over in-memory batches on one thread.</summary>
public sealed class FilterProjectBenchmark : IBenchmark
{
    public string Name => "runtime-filter-project";

    public string Description => "filter + project rows/s on one core (goal >= 20M/s)";

    public void Run(IReadOnlyList<string> args, TextWriter output)
    {
        int rounds = args.Count > 0 ? int.Parse(args[0]) : 20;
        var batches = RuntimeBenchData.Make(64, 4096, 1000, 1);
        var schema = RowSchema.Of(("k", DataType.Int32), ("v", DataType.Int32), ("ts", DataType.Timestamp));
        var plan = new ProjectNode(
            new FilterNode(new TableScanNode("t", schema), Call("<", new ColumnExpression(1, DataType.Int32), new LiteralExpression(500, DataType.Int32), DataType.Boolean)),
            [new ColumnExpression(0, DataType.Int32), Call("+", new ColumnExpression(1, DataType.Int32), new LiteralExpression(1, DataType.Int32), DataType.Int32), new ColumnExpression(2, DataType.Timestamp)],
            schema);
        var counter = new RowCounter();
        var dataflow = new DataflowBuilder(new ExpressionCompiler(FunctionContext.Epoch0), new NullLateRowHandler()).Build(plan, counter);
        var entry = dataflow.Inputs[0].Entry;
        for (int warm = 0; warm < 3; warm++)
            foreach (var b in batches)
                entry.OnBatch(b);
        var cpu0 = RuntimeBenchData.Cpu();
        var sw = Stopwatch.StartNew();
        long rows = 0;
        for (int r = 0; r < rounds; r++)
        {
            foreach (var b in batches)
            {
                entry.OnBatch(b);
                rows += b.RowCount;
            }
        }
        sw.Stop();
        var cpu = RuntimeBenchData.Cpu() - cpu0;
        output.WriteLine($"filter+project: {rows:N0} input rows in {sw.Elapsed.TotalMilliseconds:F0} ms = {RuntimeBenchData.Rates(rows, sw.Elapsed, cpu)} (output {counter.Rows:N0} rows incl. warm-up)");
    }

    internal static CallExpression Call(string op, PlanExpression l, PlanExpression r, DataType type) =>
        new(new ScalarFunction(new FunctionSignature(op, [l.Type, r.Type], type), (_, _) => throw new InvalidOperationException()), [l, r], type);
}
