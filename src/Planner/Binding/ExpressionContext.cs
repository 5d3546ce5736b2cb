namespace StreamSql.Planner.Binding;

/// <summary>Where an expression is being bound: the visible columns, the clause (for messages) and what it may contain.</summary>
/// <param name="Aggregates">Collects aggregate calls; null where aggregates are not allowed.</param>
/// <param name="Windows">Collects window function calls; null where they are not allowed.</param>
/// <param name="Subqueries">Turns scalar subqueries into joins on the clause's input; null where they are not supported.</param>
/// <param name="Constraint">Set in a DEFAULT expression or a CHECK constraint (the words PostgreSQL's messages use for it):
/// a subquery there is refused with PostgreSQL's message, and so is a column reference when the scope is empty.</param>
internal sealed record ExpressionContext(Scope Scope, string Clause, AggregateCollector? Aggregates = null, WindowCollector? Windows = null, SubqueryJoins? Subqueries = null, string? Constraint = null);
