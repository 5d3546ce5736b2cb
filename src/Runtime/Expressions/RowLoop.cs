using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Expressions;

/// <summary>Helpers shared by kernels: null propagation over the live rows of a batch.</summary>
internal static class RowLoop
{
    /// <summary>Sets the result's null bit for every live row where any input is null; returns true if any is.</summary>
    public static bool PropagateNulls(Batch batch, Column result, EvalResult a, EvalResult b)
    {
        bool anyA = a.Column.MayHaveNulls, anyB = b.Column.MayHaveNulls;
        if (!anyA && !anyB)
            return false;
        if ((a.IsScalar && a.Column.IsNull(0)) || (b.IsScalar && b.Column.IsNull(0)))
        {
            for (int i = 0; i < batch.RowCount; i++)
                result.SetNull(batch.RowIndex(i), true);
            return true;
        }
        bool any = false;
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            if ((anyA && a.IsNull(r)) || (anyB && b.IsNull(r)))
            {
                result.SetNull(r, true);
                any = true;
            }
        }
        return any;
    }

    public static bool PropagateNulls(Batch batch, Column result, EvalResult a)
    {
        if (!a.Column.MayHaveNulls)
            return false;
        bool any = false;
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            if (a.IsNull(r))
            {
                result.SetNull(r, true);
                any = true;
            }
        }
        return any;
    }
}
