using StreamSql.Runtime.Data;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// The general path: a scalar function called row by row through <see cref="ScalarFunction.Invoke"/>
/// with boxed arguments. Strict functions give NULL on any NULL argument without being called.
/// </summary>
internal sealed class BoxedCall(ScalarFunction function, CompiledExpression[] arguments, DataType type, EpochClock clock)
    : CompiledExpression(type)
{
    public override bool IsConstant => !function.Volatile && arguments.All(a => a.IsConstant);

    public override EvalResult Evaluate(Batch batch)
    {
        var args = new EvalResult[arguments.Length];
        for (int k = 0; k < args.Length; k++)
            args[k] = arguments[k].Evaluate(batch);
        try
        {
            bool scalar = args.All(a => a.IsScalar) && !function.Volatile;
            var result = scalar ? Column.Create(Type, 1, pooled: true) : NewResult(batch);
            int n = scalar ? Math.Min(1, Math.Max(batch.RowCount, 1)) : batch.RowCount;
            for (int i = 0; i < n; i++)
            {
                int r = scalar ? 0 : batch.RowIndex(i);
                var values = new object?[args.Length];
                bool anyNull = false;
                for (int k = 0; k < args.Length; k++)
                {
                    values[k] = args[k].GetValue(r);
                    anyNull |= values[k] is null;
                }
                object? value = function.Strict && anyNull ? null : function.Invoke(values, clock.Current);
                result.SetValue(r, Normalize(value));
            }
            return new EvalResult(result, scalar, true);
        }
        finally
        {
            foreach (var a in args)
                a.Release();
        }
    }

    // A function may return a wider CLR type than the column holds (e.g. int for bigint).
    private object? Normalize(object? value) => value is null ? null : Type.Kind switch
    {
        TypeKind.Int64 or TypeKind.Timestamp or TypeKind.TimestampTz when value is not long => Convert.ToInt64(value),
        TypeKind.Int32 or TypeKind.Date when value is not int => Convert.ToInt32(value),
        TypeKind.Int16 when value is not short => Convert.ToInt16(value),
        TypeKind.Float64 when value is not double => Convert.ToDouble(value),
        TypeKind.Float32 when value is not float => Convert.ToSingle(value),
        TypeKind.Numeric when value is not decimal => Convert.ToDecimal(value),
        _ => value,
    };
}
