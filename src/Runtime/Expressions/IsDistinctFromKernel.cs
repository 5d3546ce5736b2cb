using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>IS [NOT] DISTINCT FROM: equality where NULL equals NULL; never NULL itself.</summary>
internal sealed class IsDistinctFromKernel(CompiledExpression left, CompiledExpression right, bool negated)
    : CompiledExpression(DataType.Boolean)
{
    public override EvalResult Evaluate(Batch batch)
    {
        var a = left.Evaluate(batch);
        var b = right.Evaluate(batch);
        try
        {
            var result = (Column<bool>)NewResult(batch);
            bool sameRep = a.Column.GetType() == b.Column.GetType();
            for (int i = 0; i < batch.RowCount; i++)
            {
                int r = batch.RowIndex(i);
                bool equal = sameRep
                    ? a.Column.RowEquals(a.At(r), b.Column, b.At(r))
                    : BoxedValues.ValueEquals(a.GetValue(r), b.GetValue(r));
                result.Values[r] = equal == negated;
            }
            return new EvalResult(result, false, true);
        }
        finally
        {
            a.Release();
            b.Release();
        }
    }
}
