using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>Three-valued NOT (NULL stays NULL).</summary>
internal sealed class NotKernel(CompiledExpression operand) : CompiledExpression(DataType.Boolean)
{
    public override bool IsConstant => operand.IsConstant;

    public override EvalResult Evaluate(Batch batch)
    {
        var v = operand.Evaluate(batch);
        try
        {
            var result = (Column<bool>)NewResult(batch);
            var vals = ((Column<bool>)v.Column).Values;
            for (int i = 0; i < batch.RowCount; i++)
            {
                int r = batch.RowIndex(i);
                if (v.IsNull(r))
                    result.SetNull(r, true);
                else
                    result.Values[r] = !vals[v.At(r)];
            }
            return new EvalResult(result, false, true);
        }
        finally
        {
            v.Release();
        }
    }
}
