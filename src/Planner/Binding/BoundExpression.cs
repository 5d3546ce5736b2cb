using System.Collections.Immutable;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

// The closed family of bound (typed, resolved) scalar expressions. Column references are
// positions in the input row of the plan node that evaluates the expression, so moving an
// expression between nodes goes through a rewriter that remaps the positions.

/// <summary>A typed, resolved scalar expression.</summary>
public abstract record BoundExpression(DataType Type)
{
    /// <summary>True when evaluating it twice may give different results (never constant-folded, never pushed below a window).</summary>
    public virtual bool IsVolatile => Children.Any(c => c.IsVolatile);

    public abstract IEnumerable<BoundExpression> Children { get; }
}

/// <summary>The value of input column <paramref name="Index"/>.</summary>
public sealed record BoundColumn(int Index, string Name, DataType Type) : BoundExpression(Type)
{
    public override IEnumerable<BoundExpression> Children => [];
}

/// <summary>A constant in the runtime's representation of <paramref name="Type"/>; null is SQL NULL.</summary>
public sealed record BoundLiteral(object? Value, DataType Type) : BoundExpression(Type)
{
    public override IEnumerable<BoundExpression> Children => [];

    public static BoundLiteral Null(DataType type) => new(null, type);
}

/// <summary><c>$n</c> (1-based <paramref name="Ordinal"/>).</summary>
public sealed record BoundParameter(int Ordinal, DataType Type) : BoundExpression(Type)
{
    public override IEnumerable<BoundExpression> Children => [];
}

/// <summary>A call of a resolved scalar overload (operators included: <c>a + b</c> is a call of <c>+</c>).</summary>
public sealed record BoundCall(ScalarFunction Function, ImmutableArray<BoundExpression> Arguments, DataType Type) : BoundExpression(Type)
{
    // ImmutableArray compares by reference; equal expressions must compare equal (GROUP BY matching, shared slots).
    public bool Equals(BoundCall? other) => other is not null && Function.Equals(other.Function) && Type == other.Type && Arguments.AsSpan().SequenceEqual(other.Arguments.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Function.Signature.Name, Type, BoundExpressionEquality.Hash(Arguments));

    public string Name => Function.Signature.Name;

    public override bool IsVolatile => Function.Volatile || base.IsVolatile;

    public override IEnumerable<BoundExpression> Children => Arguments;
}

/// <summary>A conversion to <see cref="BoundExpression.Type"/> (implicit, assignment or explicit, already checked).</summary>
public sealed record BoundCast(BoundExpression Operand, DataType Type) : BoundExpression(Type)
{
    public override IEnumerable<BoundExpression> Children => [Operand];
}

public enum BoolOperator
{
    And,
    Or,
    Not,
}

/// <summary>AND / OR (any number of operands) and NOT (one), with three-valued logic.</summary>
public sealed record BoundBoolean(BoolOperator Operator, ImmutableArray<BoundExpression> Operands) : BoundExpression(DataType.Boolean)
{
    // ImmutableArray compares by reference; equal expressions must compare equal (GROUP BY matching, shared slots).
    public bool Equals(BoundBoolean? other) => other is not null && Operator == other.Operator && Operands.AsSpan().SequenceEqual(other.Operands.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Operator, BoundExpressionEquality.Hash(Operands));

    public override IEnumerable<BoundExpression> Children => Operands;
}

/// <summary><c>x IS [NOT] NULL</c>.</summary>
public sealed record BoundIsNull(BoundExpression Operand, bool Negated) : BoundExpression(DataType.Boolean)
{
    public override IEnumerable<BoundExpression> Children => [Operand];
}

/// <summary><c>a IS [NOT] DISTINCT FROM b</c> (null-safe equality), operands already of one type.</summary>
public sealed record BoundIsDistinctFrom(BoundExpression Left, BoundExpression Right, bool Negated) : BoundExpression(DataType.Boolean)
{
    public override IEnumerable<BoundExpression> Children => [Left, Right];
}

/// <summary><c>x [NOT] IN (list)</c>, every element already of the operand's type; <paramref name="EqualsFunction"/> is the resolved <c>=</c>.</summary>
public sealed record BoundInList(BoundExpression Operand, ImmutableArray<BoundExpression> List, ScalarFunction EqualsFunction, bool Negated) : BoundExpression(DataType.Boolean)
{
    // ImmutableArray compares by reference; equal expressions must compare equal (GROUP BY matching, shared slots).
    public bool Equals(BoundInList? other) => other is not null && Operand.Equals(other.Operand) && EqualsFunction.Equals(other.EqualsFunction) && Negated == other.Negated && List.AsSpan().SequenceEqual(other.List.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Operand, Negated, BoundExpressionEquality.Hash(List));

    public override IEnumerable<BoundExpression> Children => [Operand, .. List];
}

/// <summary>A searched CASE (a simple CASE is bound to this form with resolved equalities).</summary>
public sealed record BoundCase(ImmutableArray<BoundWhen> Whens, BoundExpression? Else, DataType Type) : BoundExpression(Type)
{
    // ImmutableArray compares by reference; equal expressions must compare equal (GROUP BY matching, shared slots).
    public bool Equals(BoundCase? other) => other is not null && Type == other.Type && Equals(Else, other.Else) && Whens.AsSpan().SequenceEqual(other.Whens.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Type, Else, Whens.Length);

    public override IEnumerable<BoundExpression> Children =>
        Whens.SelectMany(w => new[] { w.Condition, w.Result }).Concat(Else is null ? [] : [Else]);
}

public sealed record BoundWhen(BoundExpression Condition, BoundExpression Result);

/// <summary><c>COALESCE(a, b, ...)</c>: lazily evaluated, so not a plain strict call.</summary>
public sealed record BoundCoalesce(ImmutableArray<BoundExpression> Operands, DataType Type) : BoundExpression(Type)
{
    // ImmutableArray compares by reference; equal expressions must compare equal (GROUP BY matching, shared slots).
    public bool Equals(BoundCoalesce? other) => other is not null && Type == other.Type && Operands.AsSpan().SequenceEqual(other.Operands.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Type, BoundExpressionEquality.Hash(Operands));

    public override IEnumerable<BoundExpression> Children => Operands;
}

/// <summary><c>ARRAY[a, b, ...]</c>.</summary>
public sealed record BoundArray(ImmutableArray<BoundExpression> Elements, DataType Type) : BoundExpression(Type)
{
    // ImmutableArray compares by reference; equal expressions must compare equal (GROUP BY matching, shared slots).
    public bool Equals(BoundArray? other) => other is not null && Type == other.Type && Elements.AsSpan().SequenceEqual(other.Elements.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Type, BoundExpressionEquality.Hash(Elements));

    public override IEnumerable<BoundExpression> Children => Elements;
}

/// <summary><c>array[i]</c> (1-based, NULL when out of range).</summary>
public sealed record BoundSubscript(BoundExpression Array, BoundExpression Index, DataType Type) : BoundExpression(Type)
{
    public override IEnumerable<BoundExpression> Children => [Array, Index];
}

/// <summary>
/// Binder-internal placeholder for the result of aggregate number <paramref name="Index"/> of the
/// query being bound; replaced by a column of the aggregate's output before the plan is built.
/// </summary>
public sealed record BoundAggregateRef(int Index, DataType Type) : BoundExpression(Type)
{
    public override IEnumerable<BoundExpression> Children => [];
}

/// <summary>
/// Binder-internal placeholder for window function number <paramref name="Index"/> (ROW_NUMBER() OVER ...);
/// replaced by the row number column of the top-N node before the plan is built.
/// </summary>
public sealed record BoundWindowRef(int Index, DataType Type) : BoundExpression(Type)
{
    public override IEnumerable<BoundExpression> Children => [];
}
