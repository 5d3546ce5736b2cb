using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>IS [NOT] NULL; never NULL itself.</summary>
internal sealed class IsNullKernel(CompiledExpression operand, bool negated) : CompiledExpression(DataType.Boolean)
{
    public override EvalResult Evaluate(Batch batch)
    {
        var v = operand.Evaluate(batch);
        try
        {
            var result = (Column<bool>)NewResult(batch);
            for (int i = 0; i < batch.RowCount; i++)
            {
                int r = batch.RowIndex(i);
                result.Values[r] = v.IsNull(r) != negated;
            }
            return new EvalResult(result, false, true);
        }
        finally
        {
            v.Release();
        }
    }
}
