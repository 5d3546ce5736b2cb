using System.Collections.Immutable;
using StreamSql.Parser;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Binding;

namespace StreamSql.Planner;

/// <summary>
/// The planner's one entry point: binds and checks a statement against a catalog snapshot, plans it,
/// and returns the planned statement with the catalog after it. Never throws for user errors: they
/// come back as diagnostics with code, SQLSTATE and span.
/// </summary>
public static class StatementPlanner
{
    public static PlanResult Plan(Statement statement, Catalog catalog, PlannerOptions? options = null)
    {
        var binder = new Binder(catalog, options ?? PlannerOptions.Default);
        return binder.PlanStatement(statement);
    }

    /// <summary>
    /// Plans every statement of a parsed script in order, each against the catalog the previous ones left.
    /// A statement that fails leaves the catalog unchanged and planning goes on with the next one.
    /// </summary>
    public static ImmutableArray<PlanResult> PlanScript(ParseResult script, Catalog catalog, PlannerOptions? options = null)
    {
        options = (options ?? PlannerOptions.Default) with { Source = script.Source };
        var results = ImmutableArray.CreateBuilder<PlanResult>(script.Statements.Length);
        foreach (var statement in script.Statements)
        {
            var result = Plan(statement, catalog, options);
            results.Add(result);
            catalog = result.Catalog;
        }

        return results.MoveToImmutable();
    }

    /// <summary>Parses and plans a whole script; parse errors are returned as a failed result before the others.</summary>
    public static ImmutableArray<PlanResult> PlanScript(string text, Catalog catalog, PlannerOptions? options = null)
    {
        var parsed = SqlParser.Parse(text);
        var results = PlanScript(parsed, catalog, options);
        if (!parsed.HasErrors)
        {
            return results;
        }

        var parseFailure = new PlanResult(null, catalog, parsed.Diagnostics, ImmutableArray<Runtime.Types.DataType>.Empty);
        return results.Insert(0, parseFailure);
    }
}
