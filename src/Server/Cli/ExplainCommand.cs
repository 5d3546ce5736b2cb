using System.CommandLine;
using StreamSql.Parser;
using StreamSql.Parser.Diagnostics;
using StreamSql.Planner;

namespace StreamSql.Server.Cli;

/// <summary>
/// <c>streamsql explain FILE.sql</c>: prints EXPLAIN for each statement of a script (its plan tree,
/// changelog modes, state bounds and warnings), applying DDL in order so later statements see it.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "SQL script" };
        var physical = new Option<bool>("--physical") { Description = "Print the physical plan instead of the logical one" };
        var command = new Command("explain", "Print the plan of every statement of a script") { file, physical };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(physical), Console.Out));
        return command;
    }

    public static int Run(string file, bool physical, TextWriter output)
    {
        var parsed = SqlParser.Parse(CliFiles.Read(file), file);
        var failed = false;
        foreach (var d in parsed.Diagnostics)
        {
            output.Write(DiagnosticFormatter.Format(d, parsed.Source));
            failed |= d.IsError;
        }

        var catalog = Catalog.Empty;
        foreach (var statement in parsed.Statements)
        {
            var at = parsed.Source.GetLinePosition(statement.Span.Start);
            var result = StatementPlanner.Plan(statement, catalog, new PlannerOptions(parsed.Source));
            foreach (var d in result.Diagnostics.Where(d => d.IsError))
            {
                output.Write(DiagnosticFormatter.Format(d, parsed.Source));
                failed = true;
            }

            if (result.Statement is null)
                continue;
            var lines = result.Statement is ExplainPlan explain ? explain.Lines : PlanPrinter.Explain(result.Statement, physical);
            output.WriteLine($"-- {file}:{at.Line}: {FirstLine(parsed.Source[statement.Span])}");
            foreach (var line in lines)
                output.WriteLine(line);
            output.WriteLine();
            catalog = result.Catalog;
        }

        return failed ? ExitCodes.UserError : ExitCodes.Success;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 100 ? line[..97] + "..." : line;
    }
}
