using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// The value of an expression over a batch: a column indexed by physical row, or a scalar (a
/// one-row column whose row 0 applies to every row). <see cref="Owned"/> results were computed
/// for this call and must be released with <see cref="Release"/>; others belong to the batch or
/// to the compiled expression.
/// </summary>
public readonly record struct EvalResult(Column Column, bool IsScalar, bool Owned)
{
    /// <summary>Row index to read for physical row <paramref name="row"/>.</summary>
    public int At(int row) => IsScalar ? 0 : row;

    public bool IsNull(int row) => Column.IsNull(IsScalar ? 0 : row);

    public object? GetValue(int row) => Column.GetValue(IsScalar ? 0 : row);

    public void Release()
    {
        if (Owned)
            Column.Release();
    }
}
