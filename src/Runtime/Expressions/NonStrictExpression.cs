using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// The root of an expression in a view's or sink's dataflow: a data error (SQLSTATE class 22) makes
/// the value of the row that raised it NULL, reported to <paramref name="errors"/>, and the other
/// rows keep theirs. The batch is evaluated whole as usual; only a batch that fails is evaluated
/// again row by row, so the common path costs one try block per batch.
/// </summary>
internal sealed class NonStrictExpression(CompiledExpression inner, IExpressionErrorSink errors) : CompiledExpression(inner.Type)
{
    public override bool IsConstant => inner.IsConstant;

    public override EvalResult Evaluate(Batch batch)
    {
        try
        {
            return inner.Evaluate(batch);
        }
        catch (SqlStateException e) when (IsDataError(e))
        {
            return RowByRow(batch);
        }
    }

    private EvalResult RowByRow(Batch batch)
    {
        var result = NewResult(batch);
        var one = new int[1];
        for (int i = 0; i < batch.RowCount; i++)
        {
            int row = batch.RowIndex(i);
            one[0] = row;
            object? value;
            try
            {
                value = inner.EvaluateRow(batch.WithSelection(one, 1), row);
            }
            catch (SqlStateException e) when (IsDataError(e))
            {
                errors.OnExpressionError(e);
                value = null;
            }
            result.SetValue(row, value);
        }
        return new EvalResult(result, IsScalar: false, Owned: true);
    }

    private static bool IsDataError(SqlStateException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal);
}
