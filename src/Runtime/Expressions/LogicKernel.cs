using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// Three-valued AND / OR over boolean operands: AND is false if any operand is false, else NULL if
/// any is NULL, else true; OR is the dual.
/// </summary>
internal sealed class LogicKernel(CompiledExpression[] operands, bool isAnd) : CompiledExpression(DataType.Boolean)
{
    public override bool IsConstant => operands.All(o => o.IsConstant);

    public override EvalResult Evaluate(Batch batch)
    {
        var result = (Column<bool>)NewResult(batch);
        var res = result.Values;
        int n = batch.RowCount;
        var sel = batch.Selection;
        // Start from the identity (true for AND, false for OR) and fold operands in.
        for (int i = 0; i < n; i++)
            res[sel is null ? i : sel[i]] = isAnd;
        bool dominant = !isAnd;
        foreach (var op in operands)
        {
            var v = op.Evaluate(batch);
            try
            {
                var vals = ((Column<bool>)v.Column).Values;
                bool nulls = v.Column.MayHaveNulls;
                for (int i = 0; i < n; i++)
                {
                    int r = sel is null ? i : sel[i];
                    if (!result.IsNull(r) && res[r] == dominant)
                        continue;
                    if (nulls && v.IsNull(r))
                    {
                        result.SetNull(r, true);
                        continue;
                    }
                    if (vals[v.At(r)] == dominant)
                    {
                        res[r] = dominant;
                        result.SetNull(r, false);
                    }
                }
            }
            finally
            {
                v.Release();
            }
        }
        return new EvalResult(result, false, true);
    }
}
