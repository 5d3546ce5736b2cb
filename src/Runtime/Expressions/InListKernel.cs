using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// x [NOT] IN (list): true on a match; otherwise NULL if x or any element is NULL, else false
/// (negated: the three-valued NOT of that).
/// </summary>
internal sealed class InListKernel(CompiledExpression operand, CompiledExpression[] list, bool negated) : CompiledExpression(DataType.Boolean)
{
    public override EvalResult Evaluate(Batch batch)
    {
        var x = operand.Evaluate(batch);
        var items = new EvalResult[list.Length];
        for (int k = 0; k < list.Length; k++)
            items[k] = list[k].Evaluate(batch);
        try
        {
            var result = (Column<bool>)NewResult(batch);
            bool sameRep = items.All(it => it.Column.GetType() == x.Column.GetType());
            for (int i = 0; i < batch.RowCount; i++)
            {
                int r = batch.RowIndex(i);
                if (x.IsNull(r))
                {
                    result.SetNull(r, true);
                    continue;
                }
                bool found = false, sawNull = false;
                foreach (var it in items)
                {
                    if (it.IsNull(r))
                    {
                        sawNull = true;
                        continue;
                    }
                    bool eq = sameRep
                        ? x.Column.RowEquals(x.At(r), it.Column, it.At(r))
                        : BoxedValues.Compare(x.GetValue(r), it.GetValue(r)) == 0;
                    if (eq)
                    {
                        found = true;
                        break;
                    }
                }
                if (found)
                    result.Values[r] = !negated;
                else if (sawNull)
                    result.SetNull(r, true);
                else
                    result.Values[r] = negated;
            }
            return new EvalResult(result, false, true);
        }
        finally
        {
            x.Release();
            foreach (var it in items)
                it.Release();
        }
    }
}
