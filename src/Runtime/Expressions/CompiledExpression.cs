using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// An expression compiled for one dataflow: evaluates over the live rows of a batch at once
/// (values at unselected rows are unspecified). Instances hold no per-batch state, but may hold
/// scratch buffers, so one instance serves one operator on one thread.
/// </summary>
public abstract class CompiledExpression
{
    protected CompiledExpression(DataType type) => Type = type;

    public DataType Type { get; }

    /// <summary>True when the value does not depend on the row (literals, parameters, calls on them).</summary>
    public virtual bool IsConstant => false;

    public abstract EvalResult Evaluate(Batch batch);

    /// <summary>Evaluates and returns a boxed value for one physical row (slow paths: VALUES, tests).</summary>
    public object? EvaluateRow(Batch batch, int row)
    {
        var r = Evaluate(batch);
        try
        {
            return r.GetValue(row);
        }
        finally
        {
            r.Release();
        }
    }

    /// <summary>A fresh pooled result column sized for the batch.</summary>
    protected Column NewResult(Batch batch) => Column.Create(Type, Math.Max(batch.Length, 1), pooled: true);
}
