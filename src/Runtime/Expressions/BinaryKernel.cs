using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// A strict binary operator over two operands of the same representation, as a typed loop over
/// the value arrays. Rows where either operand is NULL give NULL and never reach the operation
/// (so garbage under a null bit cannot raise overflow or division errors).
/// </summary>
internal sealed class BinaryKernel<T, TResult, TOp>(CompiledExpression left, CompiledExpression right, DataType type)
    : CompiledExpression(type)
    where TOp : struct, IBinaryOp<T, TResult>
{
    public override bool IsConstant => left.IsConstant && right.IsConstant;

    public override EvalResult Evaluate(Batch batch)
    {
        var a = left.Evaluate(batch);
        var b = right.Evaluate(batch);
        try
        {
            bool scalar = a.IsScalar && b.IsScalar;
            var result = scalar ? Column.Create(Type, 1, pooled: true) : NewResult(batch);
            var res = ((Column<TResult>)result).Values;
            var x = ((Column<T>)a.Column).Values;
            var y = ((Column<T>)b.Column).Values;
            if (scalar)
            {
                if (a.Column.IsNull(0) || b.Column.IsNull(0))
                    result.SetNull(0, true);
                else
                    res[0] = TOp.Apply(x[0], y[0]);
                return new EvalResult(result, true, true);
            }
            bool anyNull = RowLoop.PropagateNulls(batch, result, a, b);
            var sel = batch.Selection;
            int n = batch.RowCount;
            if (anyNull)
            {
                for (int i = 0; i < n; i++)
                {
                    int r = sel is null ? i : sel[i];
                    if (!result.IsNull(r))
                        res[r] = TOp.Apply(x[a.IsScalar ? 0 : r], y[b.IsScalar ? 0 : r]);
                }
            }
            else if (sel is null)
            {
                if (a.IsScalar)
                {
                    var c = x[0];
                    for (int r = 0; r < n; r++)
                        res[r] = TOp.Apply(c, y[r]);
                }
                else if (b.IsScalar)
                {
                    var c = y[0];
                    for (int r = 0; r < n; r++)
                        res[r] = TOp.Apply(x[r], c);
                }
                else
                {
                    for (int r = 0; r < n; r++)
                        res[r] = TOp.Apply(x[r], y[r]);
                }
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    int r = sel[i];
                    res[r] = TOp.Apply(x[a.IsScalar ? 0 : r], y[b.IsScalar ? 0 : r]);
                }
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
