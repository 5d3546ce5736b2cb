using System.Collections.Immutable;

namespace StreamSql.Planner.Binding;

/// <summary>
/// The domain of a correlated subquery: the distinct values of the enclosing query's columns it reads
/// (<see cref="OuterColumns"/>, positions in the enclosing clause's row). The subquery is bound once over
/// the domain as an extra leading FROM item, so that it computes its rows for every outer value at once,
/// each row prefixed with the domain value it belongs to; the enclosing query joins them back on those
/// values (Neumann and Kemper, "Unnesting Arbitrary Queries").
/// </summary>
/// <param name="Id">Tags the domain's scope columns (<see cref="OuterColumn.Domain"/>).</param>
/// <param name="Relation">The domain's plan (distinct outer values) and scope (the outer columns, found only after inner ones).</param>
internal sealed class CorrelatedDomain(int id, BoundRelation relation, ImmutableArray<int> outerColumns)
{
    public int Id { get; } = id;

    public BoundRelation Relation { get; } = relation;

    public ImmutableArray<int> OuterColumns { get; } = outerColumns;

    public int Width => OuterColumns.Length;

    /// <summary>
    /// Set by the SELECT bound over the domain when it aggregates without GROUP BY: its outputs' values over
    /// an empty group (count 0, other aggregates NULL), over the domain's columns. Such a SELECT yields one row
    /// for every outer value, but the decorrelated plan has rows only for the values with matching rows; the
    /// others take these values. Null otherwise (no rows means no rows).
    /// </summary>
    public ImmutableArray<BoundExpression>? EmptyGroupValues { get; set; }
}
