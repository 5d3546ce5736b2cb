using StreamSql.Runtime.Data;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// Compiles <see cref="PlanExpression"/> trees into column kernels: typed loops for comparison and
/// arithmetic over operands of one representation, three-valued logic, IS NULL, IN, CASE,
/// COALESCE, casts and LIKE with a constant pattern; every other call goes through
/// <see cref="ScalarFunction.Invoke"/>. Constant sub-trees are folded once.
/// </summary>
/// <remarks>
/// With an <see cref="IExpressionErrorSink"/> (a view's or sink's dataflow), a data error (SQLSTATE
/// class 22: division by zero, overflow, a bad cast...) makes that row's value NULL and is reported
/// there, instead of failing the epoch: one bad row must not stop every view, nor leave the views
/// that did see the epoch out of step with those that did not. One-time queries compile without a
/// sink and raise the error, as PostgreSQL does.
/// </remarks>
public sealed class ExpressionCompiler(EpochClock clock, IReadOnlyList<object?>? parameters = null, IExpressionErrorSink? errors = null)
{
    public ExpressionCompiler(FunctionContext context, IReadOnlyList<object?>? parameters = null)
        : this(new EpochClock(context), parameters)
    {
    }

    /// <summary>Where calls read now() and proctime(); the runtime advances it per epoch.</summary>
    public EpochClock Clock { get; } = clock;

    public FunctionContext Context => Clock.Current;

    public CompiledExpression Compile(PlanExpression expression)
    {
        var compiled = CompileTree(expression);
        // A column reference cannot fail, and operators look for it (a projection passes a watermark on
        // through the column it re-points), so it stays as it is.
        return errors is null || compiled.IsConstant || compiled is ColumnReference ? compiled : new NonStrictExpression(compiled, errors);
    }

    private CompiledExpression CompileTree(PlanExpression expression)
    {
        var compiled = CompileNode(expression);
        return compiled.IsConstant && compiled is not ScalarConstant ? Fold(compiled) : compiled;
    }

    /// <summary>The value of an expression that reads no column (constants and parameters).</summary>
    public object? EvaluateConstant(PlanExpression expression)
    {
        var compiled = CompileTree(expression);
        return compiled.IsConstant
            ? compiled.EvaluateRow(OneRow, 0)
            : throw new ArgumentException("the expression reads a column", nameof(expression));
    }

    public CompiledExpression[] CompileAll(IEnumerable<PlanExpression> expressions) => [.. expressions.Select(Compile)];

    private CompiledExpression Fold(CompiledExpression constant)
    {
        var value = constant.EvaluateRow(OneRow, 0);
        return new ScalarConstant(value, constant.Type);
    }

    private static readonly Batch OneRow = new([], [], [1], 1);

    private CompiledExpression CompileNode(PlanExpression e) => e switch
    {
        ColumnExpression c => new ColumnReference(c.Index, c.Type),
        LiteralExpression l => new ScalarConstant(l.Value, l.Type),
        ParameterExpression p => new ScalarConstant(
            parameters is not null && p.Number >= 1 && p.Number <= parameters.Count
                ? parameters[p.Number - 1]
                : throw new SqlStateException("08P01", $"no value supplied for parameter ${p.Number}"),
            p.Type),
        AndExpression a => new LogicKernel([.. a.Operands.Select(CompileTree)], isAnd: true),
        OrExpression o => new LogicKernel([.. o.Operands.Select(CompileTree)], isAnd: false),
        NotExpression n => new NotKernel(CompileTree(n.Operand)),
        IsNullExpression i => new IsNullKernel(CompileTree(i.Operand), i.Negated),
        IsDistinctFromExpression d => new IsDistinctFromKernel(CompileTree(d.Left), CompileTree(d.Right), d.Negated),
        InListExpression i => new InListKernel(CompileTree(i.Operand), [.. i.List.Select(CompileTree)], i.Negated),
        CoalesceExpression c => new CoalesceKernel([.. c.Operands.Select(CompileTree)], c.Type),
        CaseExpression c => new CaseKernel(
            [.. c.Branches.Select(b => CompileTree(b.Condition))],
            [.. c.Branches.Select(b => CompileTree(b.Result))],
            c.Else is null ? null : CompileTree(c.Else),
            c.Type),
        CastExpression c => c.Operand.Type == c.Target ? CompileTree(c.Operand) : new CastKernel(CompileTree(c.Operand), c.Target, Clock),
        CallExpression call => CompileCall(call),
        _ => throw new SqlStateException(SqlStateException.FeatureNotSupported, $"expression {e.GetType().Name} is not supported by the runtime"),
    };

    private CompiledExpression CompileCall(CallExpression call)
    {
        var name = call.Function.Signature.Name.ToLowerInvariant();
        var args = call.Arguments;
        if (args.Length == 2 && args[0].Type.Kind == args[1].Type.Kind && args[0].Type.Kind != TypeKind.Unknown)
        {
            var left = CompileTree(args[0]);
            var right = CompileTree(args[1]);
            var typed = TryBinary(name, left, right, args[0].Type.Kind, call.Type);
            if (typed is not null)
                return typed;
            if (name is "like" or "~~" or "ilike" or "~~*" or "not like" or "!~~" or "not ilike" or "!~~*"
                && args[1] is LiteralExpression { Value: string pattern })
            {
                bool ignoreCase = name.Contains("ilike") || name.EndsWith('*');
                bool negated = name.StartsWith("not") || name.StartsWith('!');
                return new LikeKernel(left, pattern, ignoreCase, negated);
            }
            return new BoxedCall(call.Function, [left, right], call.Type, Clock);
        }
        return new BoxedCall(call.Function, [.. args.Select(CompileTree)], call.Type, Clock);
    }

    private static CompiledExpression? TryBinary(string op, CompiledExpression l, CompiledExpression r, TypeKind kind, DataType type)
    {
        var comparison = kind switch
        {
            TypeKind.Boolean => Compare<bool>(op, l, r),
            TypeKind.Int16 => Compare<short>(op, l, r),
            TypeKind.Int32 or TypeKind.Date => Compare<int>(op, l, r),
            TypeKind.Int64 or TypeKind.Timestamp or TypeKind.TimestampTz => Compare<long>(op, l, r),
            TypeKind.Float32 => Compare<float>(op, l, r),
            TypeKind.Float64 => Compare<double>(op, l, r),
            TypeKind.Numeric => Compare<decimal>(op, l, r),
            TypeKind.Text => Compare<string?>(op, l, r),
            TypeKind.Interval => Compare<Interval>(op, l, r),
            _ => null,
        };
        if (comparison is not null)
            return comparison;
        if (type.Kind != kind)
            return null;
        return (kind, op) switch
        {
            (TypeKind.Int16, "+") => new BinaryKernel<short, short, AddInt16>(l, r, type),
            (TypeKind.Int16, "-") => new BinaryKernel<short, short, SubtractInt16>(l, r, type),
            (TypeKind.Int16, "*") => new BinaryKernel<short, short, MultiplyInt16>(l, r, type),
            (TypeKind.Int16, "/") => new BinaryKernel<short, short, DivideInt16>(l, r, type),
            (TypeKind.Int16, "%") => new BinaryKernel<short, short, ModuloInt16>(l, r, type),
            (TypeKind.Int32, "+") => new BinaryKernel<int, int, AddInt32>(l, r, type),
            (TypeKind.Int32, "-") => new BinaryKernel<int, int, SubtractInt32>(l, r, type),
            (TypeKind.Int32, "*") => new BinaryKernel<int, int, MultiplyInt32>(l, r, type),
            (TypeKind.Int32, "/") => new BinaryKernel<int, int, DivideInt32>(l, r, type),
            (TypeKind.Int32, "%") => new BinaryKernel<int, int, ModuloInt32>(l, r, type),
            (TypeKind.Int64, "+") => new BinaryKernel<long, long, AddInt64>(l, r, type),
            (TypeKind.Int64, "-") => new BinaryKernel<long, long, SubtractInt64>(l, r, type),
            (TypeKind.Int64, "*") => new BinaryKernel<long, long, MultiplyInt64>(l, r, type),
            (TypeKind.Int64, "/") => new BinaryKernel<long, long, DivideInt64>(l, r, type),
            (TypeKind.Int64, "%") => new BinaryKernel<long, long, ModuloInt64>(l, r, type),
            (TypeKind.Float32, "+") => new BinaryKernel<float, float, AddFloat32>(l, r, type),
            (TypeKind.Float32, "-") => new BinaryKernel<float, float, SubtractFloat32>(l, r, type),
            (TypeKind.Float32, "*") => new BinaryKernel<float, float, MultiplyFloat32>(l, r, type),
            (TypeKind.Float32, "/") => new BinaryKernel<float, float, DivideFloat32>(l, r, type),
            (TypeKind.Float64, "+") => new BinaryKernel<double, double, AddFloat64>(l, r, type),
            (TypeKind.Float64, "-") => new BinaryKernel<double, double, SubtractFloat64>(l, r, type),
            (TypeKind.Float64, "*") => new BinaryKernel<double, double, MultiplyFloat64>(l, r, type),
            (TypeKind.Float64, "/") => new BinaryKernel<double, double, DivideFloat64>(l, r, type),
            (TypeKind.Numeric, "+") => new BinaryKernel<decimal, decimal, AddNumeric>(l, r, type),
            (TypeKind.Numeric, "-") => new BinaryKernel<decimal, decimal, SubtractNumeric>(l, r, type),
            (TypeKind.Numeric, "*") => new BinaryKernel<decimal, decimal, MultiplyNumeric>(l, r, type),
            (TypeKind.Numeric, "/") => new BinaryKernel<decimal, decimal, DivideNumeric>(l, r, type),
            (TypeKind.Numeric, "%") => new BinaryKernel<decimal, decimal, ModuloNumeric>(l, r, type),
            _ => null,
        };
    }

    private static CompiledExpression? Compare<T>(string op, CompiledExpression l, CompiledExpression r) => op switch
    {
        "=" => new BinaryKernel<T, bool, Equal<T>>(l, r, DataType.Boolean),
        "<>" or "!=" => new BinaryKernel<T, bool, NotEqual<T>>(l, r, DataType.Boolean),
        "<" => new BinaryKernel<T, bool, Less<T>>(l, r, DataType.Boolean),
        "<=" => new BinaryKernel<T, bool, LessOrEqual<T>>(l, r, DataType.Boolean),
        ">" => new BinaryKernel<T, bool, Greater<T>>(l, r, DataType.Boolean),
        ">=" => new BinaryKernel<T, bool, GreaterOrEqual<T>>(l, r, DataType.Boolean),
        _ => null,
    };
}
