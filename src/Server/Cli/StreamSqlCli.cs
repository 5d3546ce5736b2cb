using System.CommandLine;

namespace StreamSql.Server.Cli;

/// <summary>The `streamsql` command line: one command per verb of the dialect's contract.</summary>
public static class StreamSqlCli
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("StreamSql: a SQL-first streaming query server.");
        return root.Parse(args).Invoke();
    }
}
