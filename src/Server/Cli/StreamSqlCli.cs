using System.CommandLine;
using System.CommandLine.Parsing;

namespace StreamSql.Server.Cli;

/// <summary>
/// The `streamsql` command line: one command per verb of dialect.md. Exit codes: 0 success,
/// 1 user error, 2 usage, 3 internal error. Every command has --help.
/// </summary>
public static class StreamSqlCli
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("StreamSql: a SQL-first streaming query server.")
        {
            ServeCommand.Create(),
            RunCommand.Create(),
            CheckCommand.Create(),
            TestCommand.Create(),
            Submit.SubmitCommand.Create(),
            ExplainCommand.Create(),
            BenchCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"streamsql: {error.Message}");
            Console.Error.WriteLine($"Run 'streamsql {string.Join(' ', CommandPath(parsed.CommandResult))} --help' for usage.".Replace("  ", " "));
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"streamsql: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"streamsql: internal error: {e}");
            return ExitCodes.Internal;
        }
    }

    private static IEnumerable<string> CommandPath(CommandResult? result)
    {
        var names = new Stack<string>();
        for (var r = result; r is not null && r.Parent is CommandResult parent; r = parent)
            names.Push(r.Command.Name);
        return names;
    }
}
