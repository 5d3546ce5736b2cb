using StreamSql.Server.Cli;

namespace StreamSql.Cli.Tests;

/// <summary>A temporary folder of SQL and .slt files, and the CLI commands run on them with their output captured.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Root = Directory.CreateTempSubdirectory("streamsql-cli-").FullName;
    }

    public string Root { get; }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    /// <summary><c>streamsql test</c> on the files; the output with the folder's path cut off file names.</summary>
    public (int Exit, string Output) Test(string[] files, string? junit = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        var exit = TestCommand.RunAsync(files, junit, null, null, output, CancellationToken.None).GetAwaiter().GetResult();
        return (exit, Relative(output.ToString()));
    }

    public (int Exit, string Output) Test(string file) => Test([file]);

    public (int Exit, string Output) Check(string[] files, string format = "text", bool warningsAsErrors = false)
    {
        var output = new StringWriter { NewLine = "\n" };
        var exit = CheckCommand.Run(files, format, warningsAsErrors, output);
        return (exit, Relative(output.ToString()));
    }

    public string Relative(string text) => text.Replace(Root + Path.DirectorySeparatorChar, "");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
