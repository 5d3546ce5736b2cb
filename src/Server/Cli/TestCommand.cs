using System.CommandLine;
using StreamSql.Server.Testing;

namespace StreamSql.Server.Cli;

/// <summary>
/// <c>streamsql test FILE.slt... [--junit OUT.xml] [--server URL] [--skip-list FILE]</c>: runs
/// sqllogictest files (with StreamSql's streaming directives) against a fresh in-process engine per
/// file, or against a running server. Prints a line per file, every failure with its file:line,
/// and as its last line <c>N passed, N failed</c> counted in records; exit 1 on any failure.
/// </summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "sqllogictest files (.slt, .slt.part, .sql)", Arity = ArgumentArity.OneOrMore };
        var junit = new Option<string?>("--junit") { Description = "Write JUnit XML results to this file" };
        var server = new Option<string?>("--server") { Description = "Run against a server: postgres://user[:password]@host:port/database or a key=value connection string" };
        var skipList = new Option<string?>("--skip-list") { Description = "File of records to skip, one 'path[:line] reason' a line" };
        var command = new Command("test", "Run sqllogictest files (with streaming directives) against an in-process engine or a server") { files, junit, server, skipList };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(files)!, parse.GetValue(junit), parse.GetValue(server), parse.GetValue(skipList), Console.Out, ct));
        return command;
    }

    public static async Task<int> RunAsync(string[] files, string? junit, string? server, string? skipListPath, TextWriter output, CancellationToken ct)
    {
        CliFiles.MustExist(files);
        if (junit is not null && Path.GetDirectoryName(Path.GetFullPath(junit)) is { } folder && !Directory.Exists(folder))
            throw new UsageException($"--junit: folder '{folder}' does not exist (give a file in an existing folder)");
        var skips = skipListPath is null ? SltSkipList.Empty
            : File.Exists(skipListPath) ? SltSkipList.Load(skipListPath)
            : throw new UsageException($"skip list '{skipListPath}' does not exist");
        if (server is not null)
        {
            try
            {
                _ = ConnectionStrings.FromUrlOrKeyValue(server);
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
        }

        var runner = new SltRunner(
            server is null ? EngineSltTarget.OpenAsync : token => PgSltTarget.OpenAsync(server, token),
            skips);
        var results = new List<SltFileResult>();
        foreach (var file in files)
        {
            SltFileResult result;
            try
            {
                result = await runner.RunFileAsync(file, ct);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
            {
                result = new SltFileResult(file, [], $"{file}: cannot reach the server: {e.Message}");
            }

            results.Add(result);
            foreach (var failure in result.Records.Where(r => r.Verdict == SltVerdict.Failed))
                output.WriteLine(failure.Message);
            if (result.FileError is not null)
                output.WriteLine(result.FileError);
            output.WriteLine($"{file}: {result.Passed} passed, {result.Failed} failed{(result.Skipped > 0 ? $", {result.Skipped} skipped" : "")}");
        }

        if (junit is not null)
        {
            try
            {
                JUnitWriter.Write(junit, results);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--junit: cannot write '{junit}': {e.Message}");
            }
        }
        var passed = results.Sum(r => r.Passed);
        var failed = results.Sum(r => r.Failed);
        var skipped = results.Sum(r => r.Skipped);
        output.WriteLine($"{passed} passed, {failed} failed{(skipped > 0 ? $", {skipped} skipped" : "")}");
        return failed == 0 ? ExitCodes.Success : ExitCodes.UserError;
    }
}
