using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// CAST with typed loops for the widening numeric conversions (int → bigint, integer → double; not a
/// DATE, which is an int of days too, nor a TIMESTAMP, a long of microseconds)
/// and <see cref="BoxedCast"/> row by row for the rest.
/// </summary>
internal sealed class CastKernel(CompiledExpression operand, DataType target, EpochClock clock) : CompiledExpression(target)
{
    public override bool IsConstant => operand.IsConstant;

    public override EvalResult Evaluate(Batch batch)
    {
        var v = operand.Evaluate(batch);
        try
        {
            var result = v.IsScalar ? Column.Create(Type, 1, pooled: true) : NewResult(batch);
            int n = v.IsScalar ? 1 : batch.RowCount;
            RowLoop.PropagateNulls(v.IsScalar ? ScalarBatch : batch, result, v);
            if (v.Column is Column<int> ints && result is Column<long> longs && operand.Type.Kind == TypeKind.Int32 && Type.Kind == TypeKind.Int64)
            {
                for (int i = 0; i < n; i++)
                {
                    int r = v.IsScalar ? 0 : batch.RowIndex(i);
                    longs.Values[r] = ints.Values[r];
                }
            }
            else if (v.Column is Column<int> ints2 && result is Column<double> dbl && operand.Type.Kind == TypeKind.Int32)
            {
                for (int i = 0; i < n; i++)
                {
                    int r = v.IsScalar ? 0 : batch.RowIndex(i);
                    dbl.Values[r] = ints2.Values[r];
                }
            }
            else if (v.Column is Column<long> longs2 && result is Column<double> dbl2 && operand.Type.Kind == TypeKind.Int64 && Type.Kind == TypeKind.Float64)
            {
                for (int i = 0; i < n; i++)
                {
                    int r = v.IsScalar ? 0 : batch.RowIndex(i);
                    dbl2.Values[r] = longs2.Values[r];
                }
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    int r = v.IsScalar ? 0 : batch.RowIndex(i);
                    var value = v.Column.GetValue(r);
                    result.SetValue(r, value is null ? null : BoxedCast.Convert(value, operand.Type, Type, clock.Current.TimeZone));
                }
            }
            return new EvalResult(result, v.IsScalar, true);
        }
        finally
        {
            v.Release();
        }
    }

    private static readonly Batch ScalarBatch = new([], [], [], 1);
}
