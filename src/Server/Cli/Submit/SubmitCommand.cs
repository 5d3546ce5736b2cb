using System.CommandLine;
using Npgsql;
using StreamSql.Server.Testing;

namespace StreamSql.Server.Cli.Submit;

/// <summary>
/// <c>streamsql submit FILE.sql... --server URL [--dry-run] [--allow-drop]</c>: deploys a pipeline to a
/// running server idempotently. The files are checked first (nothing is applied if one has an
/// error), the server's definitions are read with <c>SHOW ... / SHOW CREATE</c>, the difference is
/// printed as a plan and applied unless <c>--dry-run</c>. Submitting the same files again prints
/// <c>no changes</c>. Dropping an object, replacing a table (its rows) or replacing an object that
/// others read needs <c>--allow-drop</c>. Exit 0 done (or nothing to do), 1 refused or failed, 2 usage.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "SQL scripts declaring the pipeline, in order", Arity = ArgumentArity.OneOrMore };
        var server = new Option<string>("--server") { Description = "postgres://user[:password]@host:port/database or a key=value connection string", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing" };
        var allowDrop = new Option<bool>("--allow-drop") { Description = "Allow dropping objects and rebuilding objects that read a replaced one" };
        var command = new Command("submit", "Deploy SQL scripts to a running server: print the difference and apply it") { files, server, dryRun, allowDrop };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(files)!, parse.GetValue(server)!, parse.GetValue(dryRun), parse.GetValue(allowDrop), Console.Out, Console.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(string[] files, string server, bool dryRun, bool allowDrop, TextWriter output, TextWriter error, CancellationToken ct)
    {
        CliFiles.MustExist(files);
        string connectionString;
        try
        {
            connectionString = new NpgsqlConnectionStringBuilder(ConnectionStrings.FromUrlOrKeyValue(server)) { Pooling = false }.ConnectionString;
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }

        var (desired, problems) = PipelineCatalog.FromFiles(files.Select(f => (f, CliFiles.Read(f))));
        if (problems.Length > 0)
        {
            foreach (var p in problems)
                error.WriteLine($"{p.File}:{p.Line}:{p.Column}: {p.Code}: {p.Message}");
            error.WriteLine($"submit: {problems.Length} problem{(problems.Length == 1 ? "" : "s")} in the files; nothing was applied");
            return ExitCodes.UserError;
        }

        var sources = new NpgsqlDataSourceBuilder(connectionString);
        sources.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        await using var dataSource = sources.Build();
        await using var connection = dataSource.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            error.WriteLine($"submit: cannot reach the server at {Describe(connection)}: {e.Message}");
            return ExitCodes.UserError;
        }

        var definitions = await ReadDefinitionsAsync(connection, ct);
        var actual = PipelineCatalog.FromServer(definitions, out var unreadable);
        foreach (var (name, why) in unreadable)
            error.WriteLine($"submit: warning: the server's definition of {name} could not be read ({why}); it is left alone");
        var plan = DeploymentPlan.Compute(desired, [.. actual]);
        if (plan.IsEmpty)
        {
            output.WriteLine("no changes");
            return ExitCodes.Success;
        }

        output.WriteLine($"plan for {Describe(connection)}:");
        foreach (var change in plan.Changes)
            output.WriteLine("  " + change.Describe());
        output.WriteLine($"{plan.Changes.Length} change{(plan.Changes.Length == 1 ? "" : "s")}, {plan.Statements.Length} statement{(plan.Statements.Length == 1 ? "" : "s")}");
        bool refused = !plan.NeedsAllowDrop.IsEmpty && !allowDrop;
        if (refused)
        {
            foreach (var reason in plan.NeedsAllowDrop)
                error.WriteLine($"submit: {reason}");
        }

        if (dryRun)
        {
            // A dry run applies nothing, so a plan that would need --allow-drop is not an error here.
            foreach (var statement in plan.Statements)
                output.WriteLine($"  would run: {OneLine(statement)}");
            output.WriteLine(refused ? "dry run: nothing was applied (applying this plan needs --allow-drop)" : "dry run: nothing was applied");
            return ExitCodes.Success;
        }

        if (refused)
        {
            error.WriteLine("submit: refused: this plan drops or rebuilds objects; run again with --allow-drop to apply it");
            return ExitCodes.UserError;
        }

        var applied = 0;
        foreach (var statement in plan.Statements)
        {
            try
            {
                await using var command = new NpgsqlCommand(statement, connection);
                await command.ExecuteNonQueryAsync(ct);
                applied++;
            }
            catch (PostgresException e)
            {
                error.WriteLine($"submit: the server refused: {OneLine(statement)}");
                error.WriteLine($"submit: {e.SqlState}: {e.MessageText}");
                error.WriteLine($"submit: {applied} of {plan.Statements.Length} statements were applied before it; fix the files and submit again");
                return ExitCodes.UserError;
            }
        }

        output.WriteLine($"applied {plan.Changes.Length} change{(plan.Changes.Length == 1 ? "" : "s")}");
        return ExitCodes.Success;
    }

    /// <summary>Every user object's definition: the kinds' listings, then <c>SHOW CREATE</c> for each.</summary>
    private static async Task<List<(string Name, string Definition)>> ReadDefinitionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var found = new List<(string Kind, string Name)>();
        foreach (var (listing, kind) in new[] { ("SOURCES", "SOURCE"), ("TABLES", "TABLE"), ("VIEWS", "VIEW"), ("MATERIALIZED VIEWS", "MATERIALIZED VIEW"), ("SINKS", "SINK") })
        {
            await using var command = new NpgsqlCommand($"SHOW {listing}", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                found.Add((kind, reader.GetString(0)));
        }

        // A source's dead-letter table (<source>_errors) comes and goes with its source.
        var deadLetters = found.Where(f => f.Kind == "SOURCE").Select(f => f.Name + "_errors").ToHashSet(StringComparer.Ordinal);
        var definitions = new List<(string, string)>();
        foreach (var (kind, name) in found)
        {
            if (kind == "TABLE" && deadLetters.Contains(name))
                continue;
            await using var command = new NpgsqlCommand($"SHOW CREATE {kind} \"{name.Replace("\"", "\"\"")}\"", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                definitions.Add((name, reader.GetString(1)));
        }

        return definitions;
    }

    private static string Describe(NpgsqlConnection connection)
    {
        var target = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
        return $"{target.Host}:{target.Port}/{target.Database}";
    }

    private static string OneLine(string sql) => string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
}
