using System.Collections.Immutable;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Plan;

/// <summary>
/// A bound scalar expression over the columns of one plan node's input, as the planner hands
/// it to the runtime. Immutable; compiled once per dataflow by <c>ExpressionCompiler</c>.
/// Every node knows its result <see cref="Type"/>. Logic is PostgreSQL's three-valued logic.
/// </summary>
public abstract record PlanExpression(DataType Type);

/// <summary>The value of input column <paramref name="Index"/>.</summary>
public sealed record ColumnExpression(int Index, DataType ColumnType) : PlanExpression(ColumnType);

/// <summary>A constant in the runtime representation of <paramref name="LiteralType"/> (null for NULL).</summary>
public sealed record LiteralExpression(object? Value, DataType LiteralType) : PlanExpression(LiteralType);

/// <summary>
/// A call of a resolved scalar function or operator. Comparison and arithmetic operators arrive
/// as calls whose <see cref="FunctionSignature.Name"/> is the operator symbol (<c>=</c>, <c>&lt;&gt;</c>,
/// <c>&lt;</c>, <c>+</c>, ...) or <c>like</c>; the compiler uses typed kernels for those and
/// <see cref="ScalarFunction.Invoke"/> for everything else.
/// </summary>
public sealed record CallExpression(ScalarFunction Function, ImmutableArray<PlanExpression> Arguments, DataType ResultType)
    : PlanExpression(ResultType);

/// <summary>An explicit or implicit cast of <paramref name="Operand"/> to <paramref name="Target"/>.</summary>
public sealed record CastExpression(PlanExpression Operand, DataType Target) : PlanExpression(Target);

/// <summary>Searched CASE: the first true condition picks its result; otherwise ELSE (NULL when absent).</summary>
public sealed record CaseExpression(ImmutableArray<CaseBranch> Branches, PlanExpression? Else, DataType ResultType)
    : PlanExpression(ResultType);

/// <summary>One <c>WHEN condition THEN result</c> of a <see cref="CaseExpression"/>.</summary>
public sealed record CaseBranch(PlanExpression Condition, PlanExpression Result);

/// <summary>Three-valued AND over two or more operands.</summary>
public sealed record AndExpression(ImmutableArray<PlanExpression> Operands) : PlanExpression(DataType.Boolean);

/// <summary>Three-valued OR over two or more operands.</summary>
public sealed record OrExpression(ImmutableArray<PlanExpression> Operands) : PlanExpression(DataType.Boolean);

/// <summary>Three-valued NOT.</summary>
public sealed record NotExpression(PlanExpression Operand) : PlanExpression(DataType.Boolean);

/// <summary><c>x IS NULL</c>, or <c>x IS NOT NULL</c> when <paramref name="Negated"/>; never NULL itself.</summary>
public sealed record IsNullExpression(PlanExpression Operand, bool Negated = false) : PlanExpression(DataType.Boolean);

/// <summary>
/// <c>x IS [NOT] DISTINCT FROM y</c>: equality where NULL equals NULL; never NULL itself.
/// Operands have the same type.
/// </summary>
public sealed record IsDistinctFromExpression(PlanExpression Left, PlanExpression Right, bool Negated = false)
    : PlanExpression(DataType.Boolean);

/// <summary>
/// <c>x [NOT] IN (list)</c> with PostgreSQL semantics: NULL when no element matches and x or any
/// element is NULL. The elements have the operand's type.
/// </summary>
public sealed record InListExpression(PlanExpression Operand, ImmutableArray<PlanExpression> List, bool Negated = false)
    : PlanExpression(DataType.Boolean);

/// <summary>The first non-null operand.</summary>
public sealed record CoalesceExpression(ImmutableArray<PlanExpression> Operands, DataType ResultType) : PlanExpression(ResultType);

/// <summary>The value of statement parameter <c>$N</c> (1-based), supplied when the plan is compiled.</summary>
public sealed record ParameterExpression(int Number, DataType ParameterType) : PlanExpression(ParameterType);
