using System.CommandLine;
using System.Text;
using StreamSql.Planner;
using StreamSql.Server.Durability;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Cli;

/// <summary>
/// <c>streamsql run FILE.sql... [--until-idle] [--format table|csv|json]</c>: runs scripts against an
/// in-process engine and prints query results like psql. Sources and sinks keep running afterwards
/// until Ctrl+C, or with <c>--until-idle</c> until every bounded input is consumed; then the
/// watermarks of exhausted sources and of tables move to the end of time, so every window closes and is emitted.
/// With <c>--until-idle</c>, a query (and FLUSH, and COPY) also waits until the sources have delivered
/// what they have, so a script's <c>SELECT</c> after its sources sees their whole input, not the
/// few rows that happened to arrive before it ran.
/// </summary>
internal static class RunCommand
{
    /// <summary>The watermark given to an exhausted bounded source: 9999-12-31 23:59:59 UTC, closing every window.</summary>
    private const long EndOfTime = 253_402_300_799_000_000L;

    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "SQL scripts, run in order", Arity = ArgumentArity.OneOrMore };
        var untilIdle = new Option<bool>("--until-idle") { Description = "Stop when bounded inputs are consumed and every closable window has closed" };
        var format = new Option<string>("--format") { Description = "How to print query results: table (psql style), csv or json (one object a line)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var ephemeral = new Option<bool>("--ephemeral") { Description = "Keep all state in memory (the default)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Recover from and log to this data directory instead of keeping everything in memory" };
        var command = new Command("run", "Run SQL scripts against an in-process engine and print the results") { files, untilIdle, format, ephemeral, dataDir };
        command.SetAction((parse, ct) =>
        {
            var dir = parse.GetValue(dataDir);
            if (dir is not null && parse.GetValue(ephemeral))
                throw new UsageException("--data-dir and --ephemeral exclude each other");
            return RunAsync(parse.GetValue(files)!, parse.GetValue(untilIdle), parse.GetValue(format)!, Console.Out, ct,
                dir is null ? null : new DurabilityOptions { DataDirectory = dir, Log = Console.Error });
        });
        return command;
    }

    public static async Task<int> RunAsync(string[] files, bool untilIdle, string format, TextWriter output, CancellationToken ct, DurabilityOptions? durability = null)
    {
        CliFiles.MustExist(files);
        await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = output, Durability = durability });
        try
        {
            engine.Recover();
        }
        catch (DurabilityException e)
        {
            Console.Error.WriteLine($"streamsql: {e.Message}");
            return ExitCodes.UserError;
        }

        await using var session = engine.OpenSession();
        engine.Start();
        var printer = new ResultPrinter(output, format, session.Settings.TimeZone);
        foreach (var file in files)
        {
            var text = CliFiles.Read(file);
            await foreach (var result in session.ExecuteAsync(text, untilIdle ? (s, token) => WaitForInputAsync(engine, s, token) : null, ct))
            {
                if (result.Error is { } error)
                {
                    Console.Error.Write(FormatError(file, text, error));
                    return ExitCodes.UserError;
                }

                foreach (var notice in result.Notices)
                    Console.Error.WriteLine($"{file}: {notice.Severity.ToLowerInvariant()}: {notice.Message}");
                var rows = new List<object?[]>();
                if (result.Reader is { } reader)
                {
                    await using (reader)
                    {
                        try
                        {
                            while (await reader.MoveNextAsync(ct))
                                rows.Add((object?[])reader.Current.Clone());
                        }
                        catch (EngineException e)
                        {
                            Console.Error.Write(FormatError(file, text, e.Error));
                            return ExitCodes.UserError;
                        }
                    }
                }

                printer.Print(result, rows);
            }
        }

        var streaming = engine.Catalog.All<SourceDefinition>().Any() || engine.Catalog.All<SinkDefinition>().Any();
        if (!streaming)
            return ExitCodes.Success;
        if (untilIdle)
        {
            await WaitUntilIdleAsync(engine, ct);
            // A source that stopped at a bad record (on_error = 'fail') left its input unread.
            var stopped = engine.Runtime.StoppedSources();
            foreach (var (_, error) in stopped)
                Console.Error.Write(FormatError("streamsql", "", EngineErrors.FromException(error)));
            return stopped.Count > 0 ? ExitCodes.UserError : ExitCodes.Success;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }

        return ExitCodes.Success;
    }

    /// <summary>Before a statement that reads results: waits until the sources are idle and their rows are in every view.</summary>
    private static async ValueTask WaitForInputAsync(QueryEngine engine, Parser.Syntax.Statement statement, CancellationToken ct)
    {
        if (statement is not (Parser.Syntax.QueryStatement or Parser.Syntax.FlushStatement or Parser.Syntax.CopyStatement)
            || !engine.Catalog.All<SourceDefinition>().Any())
            return;
        while (!engine.Runtime.IsIdle)
            await Task.Delay(20, ct);
        engine.Runtime.RunEpoch();
    }

    /// <summary>Waits until every source is exhausted, then closes all windows and lets the last epochs commit.</summary>
    private static async Task WaitUntilIdleAsync(QueryEngine engine, CancellationToken ct)
    {
        while (!engine.Runtime.IsIdle)
            await Task.Delay(20, ct);
        // The script is the whole input: the windows of watermarked tables close too.
        foreach (var source in engine.Catalog.All<SourceDefinition>().Where(s => s.Watermark is not null))
            engine.Runtime.AdvanceWatermark(source.Name, EndOfTime);
        foreach (var table in engine.Catalog.All<TableDefinition>().Where(t => t.Watermark is not null))
            engine.Runtime.AdvanceWatermark(table.Name, EndOfTime);
        engine.Runtime.RunEpoch();
        await engine.Runtime.StopAsync();
    }

    /// <summary><c>file:line:col: error CODE: message</c>, the line, a caret, and the hint.</summary>
    internal static string FormatError(string file, string text, EngineError error)
    {
        var sb = new StringBuilder();
        var location = error.Line is { } line ? $"{file}:{line}:{error.Column}" : file;
        sb.Append(location).Append(": error ").Append(error.Code ?? error.SqlState).Append(": ").Append(error.Message).Append('\n');
        if (error.Line is { } l && error.Column is { } c)
        {
            var lines = text.Split('\n');
            if (l - 1 < lines.Length)
            {
                var source = lines[l - 1].TrimEnd('\r');
                sb.Append("  ").Append(source).Append('\n');
                sb.Append("  ").Append(new string(' ', Math.Min(c - 1, source.Length))).Append("^\n");
            }
        }

        if (error.Detail is not null)
            sb.Append("detail: ").Append(error.Detail).Append('\n');
        if (error.Hint is not null)
            sb.Append("hint: ").Append(error.Hint).Append('\n');
        return sb.ToString();
    }
}
