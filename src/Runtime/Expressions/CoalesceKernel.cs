using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>COALESCE: the first non-null operand per row (operands share the result type).</summary>
internal sealed class CoalesceKernel(CompiledExpression[] operands, DataType type) : CompiledExpression(type)
{
    public override EvalResult Evaluate(Batch batch)
    {
        var result = NewResult(batch);
        for (int i = 0; i < batch.RowCount; i++)
            result.SetNull(batch.RowIndex(i), true);
        foreach (var op in operands)
        {
            var v = op.Evaluate(batch);
            try
            {
                bool remaining = false;
                for (int i = 0; i < batch.RowCount; i++)
                {
                    int r = batch.RowIndex(i);
                    if (!result.IsNull(r))
                        continue;
                    if (v.IsNull(r))
                        remaining = true;
                    else
                        result.CopyRow(r, v.Column, v.At(r));
                }
                if (!remaining)
                    break;
            }
            finally
            {
                v.Release();
            }
        }
        return new EvalResult(result, false, true);
    }
}
