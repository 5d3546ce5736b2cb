using System.Collections.Immutable;
using StreamSql.Parser;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Formatting;
using StreamSql.Planner;

namespace StreamSql.Server.Cli.Submit;

/// <summary>
/// Reads pipeline objects out of SQL: the files to deploy (every statement must be a definition and
/// bind in order against the objects before it) and a server's definitions (bound in whatever order
/// makes their references resolve).
/// </summary>
public static class PipelineCatalog
{
    /// <summary>The problems found while reading files: each with its file and position.</summary>
    public sealed record Problem(string File, int Line, int Column, string Code, string Message);

    /// <summary>Reads the files in order against one catalog; any error or non-definition statement is a problem.</summary>
    public static (ImmutableArray<PipelineObject> Objects, ImmutableArray<Problem> Problems) FromFiles(IEnumerable<(string File, string Text)> files)
    {
        var objects = ImmutableArray.CreateBuilder<PipelineObject>();
        var problems = ImmutableArray.CreateBuilder<Problem>();
        var catalog = Catalog.Empty;
        foreach (var (file, text) in files)
        {
            var parsed = SqlParser.Parse(text, file);
            foreach (var d in parsed.Diagnostics.Where(d => d.IsError))
                problems.Add(ToProblem(d, parsed.Source));
            if (parsed.HasErrors)
                continue;
            foreach (var statement in parsed.Statements)
            {
                var result = StatementPlanner.Plan(statement, catalog, new PlannerOptions(parsed.Source));
                var errors = result.Diagnostics.Where(d => d.IsError).ToList();
                if (errors.Count > 0)
                {
                    problems.AddRange(errors.Select(d => ToProblem(d, parsed.Source)));
                    continue;
                }

                var created = result.Statement is null ? null : Created(result.Statement);
                if (created is null)
                {
                    var at = parsed.Source.GetLinePosition(statement.Span.Start);
                    problems.Add(new Problem(file, at.Line, at.Column, "submit",
                        $"only definitions (CREATE SOURCE, TABLE, VIEW, MATERIALIZED VIEW, SINK) can be submitted; this statement is a {StatementWord(statement)}"));
                    continue;
                }

                var previous = catalog;
                catalog = result.Catalog;
                var stored = catalog.Find(created.Name)!;
                if (previous.Find(created.Name) is not null)
                {
                    var at = parsed.Source.GetLinePosition(statement.Span.Start);
                    problems.Add(new Problem(file, at.Line, at.Column, "submit", $"{PipelineObject.KindWord(stored.Kind)} {stored.Name} is defined twice"));
                    continue;
                }

                objects.Add(ToObject(stored, catalog, statement));
            }
        }

        return (objects.ToImmutable(), problems.ToImmutable());
    }

    /// <summary>
    /// Reads a server's definitions. They are bound in rounds: whatever binds against the objects read so
    /// far is taken, the rest waits for the next round, so the order they were listed in does not matter.
    /// A definition that never binds is reported in <paramref name="unreadable"/> (name and first error).
    /// </summary>
    public static ImmutableArray<PipelineObject> FromServer(IReadOnlyList<(string Name, string Definition)> definitions, out ImmutableArray<(string Name, string Error)> unreadable)
    {
        var objects = ImmutableArray.CreateBuilder<PipelineObject>();
        var catalog = Catalog.Empty;
        var pending = definitions.ToList();
        var lastErrors = new Dictionary<string, string>();
        bool progressed = true;
        while (pending.Count > 0 && progressed)
        {
            progressed = false;
            foreach (var (name, definition) in pending.ToList())
            {
                var parsed = SqlParser.Parse(definition, name);
                if (parsed.HasErrors || parsed.Statements.Length != 1)
                {
                    lastErrors[name] = parsed.Diagnostics.FirstOrDefault(d => d.IsError)?.Message ?? "not one statement";
                    continue;
                }

                var result = StatementPlanner.Plan(parsed.Statements[0], catalog, new PlannerOptions(parsed.Source));
                var error = result.Diagnostics.FirstOrDefault(d => d.IsError);
                if (error is not null || result.Statement is null || Created(result.Statement) is null)
                {
                    lastErrors[name] = error?.Message ?? "not a definition";
                    continue;
                }

                catalog = result.Catalog;
                objects.Add(ToObject(catalog.Find(Created(result.Statement!)!.Name)!, catalog, parsed.Statements[0]));
                pending.Remove((name, definition));
                progressed = true;
            }
        }

        unreadable = pending.Select(p => (p.Name, lastErrors.GetValueOrDefault(p.Name, "unreadable"))).ToImmutableArray();
        return objects.ToImmutable();
    }

    private static CatalogObject? Created(PlannedStatement planned) => planned switch
    {
        CreateSourcePlan s => s.Source,
        CreateTablePlan t => t.Table,
        CreateMaterializedViewPlan m => m.View,
        CreateViewPlan v => v.View,
        CreateSinkPlan s => s.Sink,
        _ => null,
    };

    private static PipelineObject ToObject(CatalogObject stored, Catalog catalog, Parser.Syntax.Statement statement) =>
        new(stored.Name, stored.Kind, stored.Definition, SqlFormatter.Format(statement),
            [.. stored.Dependencies.Select(id => catalog.FindById(id)?.Name).OfType<string>().Distinct()]);

    private static Problem ToProblem(Diagnostic d, SourceText source)
    {
        var at = source.GetLinePosition(d.Span.Start);
        return new Problem(source.FilePath ?? "", at.Line, at.Column, d.Code, d.Message);
    }

    private static string StatementWord(Parser.Syntax.Statement statement)
    {
        var name = statement.GetType().Name;
        if (name.EndsWith("Statement", StringComparison.Ordinal))
            name = name[..^"Statement".Length];
        return string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToUpperInvariant(c) : char.ToUpperInvariant(c).ToString()));
    }
}
