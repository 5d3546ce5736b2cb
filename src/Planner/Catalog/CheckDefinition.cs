using System.Collections.Immutable;
using StreamSql.Parser.Syntax;

namespace StreamSql.Planner;

/// <summary>
/// A table's <c>CHECK</c> constraint: its name (written or chosen as PostgreSQL chooses it), the condition
/// as written (bound over the new row by each INSERT and UPDATE), the columns it reads (attribute numbers
/// from 1, in order of first use) and the condition as <c>pg_get_constraintdef</c> prints it, pretty and plain.
/// </summary>
public sealed record CheckDefinition(string Name, Expression Condition, ImmutableArray<short> Columns, string Text, string PlainText)
{
    /// <summary>What <c>pg_get_constraintdef</c> answers.</summary>
    public string Definition(bool pretty) => $"CHECK ({(pretty ? Text : PlainText)})";
}
