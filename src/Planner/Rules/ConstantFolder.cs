using StreamSql.Planner.Binding;
using StreamSql.Runtime;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner;

/// <summary>
/// Evaluates expressions whose inputs are all constants at plan time. Volatile functions (now(),
/// proctime(), random()) are never folded: their value belongs to the epoch that runs them. An
/// evaluation that fails (division by zero, bad input text) is left for the runtime, so the error
/// surfaces when and where PostgreSQL would raise it.
/// </summary>
public static class ConstantFolder
{
    public static BoundExpression Fold(BoundExpression expression)
    {
        if (expression is not BoundCall call || call.Function.Volatile || !call.Arguments.All(a => a is BoundLiteral))
        {
            return expression;
        }

        var values = call.Arguments.Select(a => ((BoundLiteral)a).Value).ToArray();
        if (call.Function.Strict && values.Any(v => v is null))
        {
            return BoundLiteral.Null(call.Type);
        }

        try
        {
            return new BoundLiteral(call.Function.Invoke(values, FunctionContext.Epoch0), call.Type);
        }
        catch (SqlStateException)
        {
            return expression;
        }
        catch (Exception e) when (e is ArithmeticException or FormatException or InvalidCastException or ArgumentException or IndexOutOfRangeException)
        {
            return expression;
        }
    }

    /// <summary>
    /// Folds a cast of a constant. Casts whose result depends on the session time zone (to or from
    /// timestamptz) stay for the runtime; a value that does not convert stays too, so the error is raised when the statement runs.
    /// </summary>
    public static BoundExpression FoldCast(BoundCast cast)
    {
        if (cast.Operand is not BoundLiteral literal)
        {
            return cast;
        }

        if (literal.Value is null)
        {
            return BoundLiteral.Null(cast.Type);
        }

        if (cast.Type.Kind != TypeKind.TimestampTz && literal.Type.Kind != TypeKind.TimestampTz)
        {
            try
            {
                return new BoundLiteral(CastEvaluator.Cast(literal.Value, literal.Type, cast.Type), cast.Type);
            }
            catch (SqlStateException)
            {
                return cast;
            }
            catch (Exception e) when (e is ArithmeticException or FormatException or InvalidCastException or ArgumentException)
            {
                return cast;
            }
        }

        object? value = (literal.Value, cast.Type.Kind) switch
        {
            (short s, TypeKind.Int32) => (int)s,
            (short s, TypeKind.Int64) => (long)s,
            (int i, TypeKind.Int64) => (long)i,
            (int i, TypeKind.Numeric) when cast.Type.Precision < 0 => (decimal)i,
            (long l, TypeKind.Numeric) when cast.Type.Precision < 0 => (decimal)l,
            (int i, TypeKind.Float64) => (double)i,
            (long l, TypeKind.Float64) => (double)l,
            (float f, TypeKind.Float64) => (double)f,
            (decimal d, TypeKind.Float64) => (double)d,
            (int i, TypeKind.Float32) => (float)i,
            (decimal d, TypeKind.Float32) => (float)d,
            (string s, TypeKind.Text) => s,
            _ => null,
        };
        return value is null ? cast : new BoundLiteral(value, cast.Type);
    }
}
