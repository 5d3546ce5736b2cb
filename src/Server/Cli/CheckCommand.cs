using System.CommandLine;
using System.Text.Json;
using StreamSql.Parser;
using StreamSql.Parser.Diagnostics;
using StreamSql.Planner;
using StreamSql.Planner.Logical;

namespace StreamSql.Server.Cli;

/// <summary>
/// <c>streamsql check FILE.sql... [--format text|json|github] [--warnings-as-errors]</c>: parses and
/// binds whole scripts statement by statement, the files in order against one catalog (a pipeline
/// folder's files may refer to each other), and reports every error and EXPLAIN warning (unbounded
/// state, windows that never close) at its file, line and column. Exit 0 clean, 1 on errors, 2 usage.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "SQL scripts, checked in order against one catalog", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "Output: text (compiler style with a caret), json, or github (workflow annotations)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "github");
        var warningsAsErrors = new Option<bool>("--warnings-as-errors") { Description = "Fail (exit 1) on warnings too" };
        var command = new Command("check", "Parse and bind SQL scripts; report errors and warnings with their positions") { files, format, warningsAsErrors };
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(format)!, parse.GetValue(warningsAsErrors), Console.Out));
        return command;
    }

    public static int Run(string[] files, string format, bool warningsAsErrors, TextWriter output)
    {
        CliFiles.MustExist(files);
        var found = new List<(Diagnostic Diagnostic, SourceText Source)>();
        var catalog = Catalog.Empty;
        foreach (var file in files)
        {
            var parsed = SqlParser.Parse(CliFiles.Read(file), file);
            var diagnostics = new List<Diagnostic>(parsed.Diagnostics);
            foreach (var statement in parsed.Statements)
            {
                var result = StatementPlanner.Plan(statement, catalog, new PlannerOptions(parsed.Source));
                diagnostics.AddRange(result.Diagnostics);
                diagnostics.AddRange(PlanWarnings(result, statement.Span));
                catalog = result.Catalog;
            }

            found.AddRange(diagnostics.Distinct().OrderBy(d => d.Span.Start).Select(d => (d, parsed.Source)));
        }

        switch (format)
        {
            case "json":
                WriteJson(found, output);
                break;
            case "github":
                foreach (var (d, source) in found)
                {
                    var at = source.GetLinePosition(d.Span.Start);
                    var kind = d.IsError ? "error" : "warning";
                    output.WriteLine($"::{kind} file={source.FilePath},line={at.Line},col={at.Column}::{d.Code}: {Escape(d.Message)}{(d.Hint is null ? "" : Escape(" (hint: " + d.Hint + ")"))}");
                }

                break;
            default:
                foreach (var (d, source) in found)
                    output.Write(DiagnosticFormatter.Format(d, source));
                var errors = found.Count(f => f.Diagnostic.IsError);
                var warnings = found.Count - errors;
                output.WriteLine(found.Count == 0
                    ? $"{files.Length} file{(files.Length == 1 ? "" : "s")} checked: no problems"
                    : $"{files.Length} file{(files.Length == 1 ? "" : "s")} checked: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}");
                break;
        }

        var failing = found.Any(f => f.Diagnostic.IsError || warningsAsErrors);
        return failing ? ExitCodes.UserError : ExitCodes.Success;
    }

    /// <summary>EXPLAIN's warnings for a dataflow the statement creates, placed at the statement.</summary>
    private static IEnumerable<Diagnostic> PlanWarnings(PlanResult result, TextSpan span)
    {
        LogicalPlan? plan = result.Statement switch
        {
            CreateMaterializedViewPlan v => v.View.Plan,
            CreateSinkPlan s => s.Sink.Plan,
            _ => null,
        };
        if (plan is null || result.Diagnostics.Any(d => !d.IsError))
            return [];
        return PlanPrinter.Warnings(plan).Select(w => Diagnostic.Create(w.Descriptor, span, w.Arguments));
    }

    private static void WriteJson(List<(Diagnostic Diagnostic, SourceText Source)> found, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var (d, source) in found)
            {
                var start = source.GetLinePosition(d.Span.Start);
                var end = source.GetLinePosition(d.Span.End);
                json.WriteStartObject();
                json.WriteString("file", source.FilePath);
                json.WriteNumber("line", start.Line);
                json.WriteNumber("column", start.Column);
                json.WriteNumber("endLine", end.Line);
                json.WriteNumber("endColumn", end.Column);
                json.WriteString("severity", d.IsError ? "error" : "warning");
                json.WriteString("code", d.Code);
                json.WriteString("sqlstate", d.SqlState);
                json.WriteString("message", d.Message);
                if (d.Hint is not null)
                    json.WriteString("hint", d.Hint);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>GitHub workflow commands end the message at a newline and treat % specially.</summary>
    private static string Escape(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
}
