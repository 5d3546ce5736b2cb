using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// Searched CASE evaluated branch by branch over shrinking selections, so a result expression is
/// only computed for the rows that take its branch (<c>CASE WHEN x = 0 THEN 0 ELSE 1 / x END</c>
/// must not divide by zero).
/// </summary>
internal sealed class CaseKernel(CompiledExpression[] conditions, CompiledExpression[] results, CompiledExpression? otherwise, DataType type)
    : CompiledExpression(type)
{
    public override EvalResult Evaluate(Batch batch)
    {
        var result = NewResult(batch);
        int n = batch.RowCount;
        var remaining = new int[n];
        for (int i = 0; i < n; i++)
            remaining[i] = batch.RowIndex(i);
        int remainingCount = n;
        for (int b = 0; b < conditions.Length && remainingCount > 0; b++)
        {
            var view = batch.WithSelection(remaining, remainingCount);
            var cond = conditions[b].Evaluate(view);
            var taken = new int[remainingCount];
            int takenCount = 0, keep = 0;
            try
            {
                var cv = ((Column<bool>)cond.Column).Values;
                for (int i = 0; i < remainingCount; i++)
                {
                    int r = remaining[i];
                    if (!cond.IsNull(r) && cv[cond.At(r)])
                        taken[takenCount++] = r;
                    else
                        remaining[keep++] = r;
                }
            }
            finally
            {
                cond.Release();
            }
            remainingCount = keep;
            if (takenCount > 0)
                Fill(result, results[b], batch.WithSelection(taken, takenCount));
        }
        if (remainingCount > 0)
        {
            var rest = batch.WithSelection(remaining, remainingCount);
            if (otherwise is null)
            {
                for (int i = 0; i < remainingCount; i++)
                    result.SetNull(remaining[i], true);
            }
            else
            {
                Fill(result, otherwise, rest);
            }
        }
        return new EvalResult(result, false, true);
    }

    private static void Fill(Column result, CompiledExpression expr, Batch rows)
    {
        var v = expr.Evaluate(rows);
        try
        {
            for (int i = 0; i < rows.RowCount; i++)
            {
                int r = rows.RowIndex(i);
                result.CopyRow(r, v.Column, v.At(r));
            }
        }
        finally
        {
            v.Release();
        }
    }
}
