using System.Diagnostics;

namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// Builds the <c>streamsql</c> executable once per test run the way users get it (<c>./streamsql</c>
/// builds itself when a source changed) and says where its entry assembly is.
/// </summary>
public sealed class ServerBuild
{
    public ServerBuild()
    {
        var script = Path.Combine(RepositoryRoot.Path, "streamsql");
        var start = new ProcessStartInfo(script, "--help")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start ./streamsql");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"./streamsql --help failed ({process.ExitCode}): {stderr.Result}");
        Dll = Path.Combine(RepositoryRoot.Path, ".build", "streamsql", "streamsql.dll");
    }

    public string Dll { get; }
}
