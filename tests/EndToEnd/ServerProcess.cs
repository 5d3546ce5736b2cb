using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// One real <c>streamsql serve</c> process on a data directory, on free ports, with its output
/// collected. <see cref="Kill"/> is kill -9 (SIGKILL): no shutdown code runs.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
    }

    public int PgPort { get; private set; }

    /// <summary>Everything the process printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    // These tests are about what survives a crash; Npgsql's type loading at open (a large catalog
    // query, covered by tests/Server.Tests/Catalog) is left out so a busy machine cannot time out the
    // short connect timeout the kill rounds rely on.
    public string ConnectionString =>
        $"Host=127.0.0.1;Port={PgPort};Username=streamsql;Database=streamsql;Pooling=false;Timeout=5;Command Timeout=10;Server Compatibility Mode=NoTypeLoading";

    /// <summary>Starts the process and waits until it listens (or exits: then the returned process has exited and <see cref="PgPort"/> is 0).</summary>
    public static async Task<ServerProcess> StartAsync(ServerBuild build, string dataDir, double checkpointSeconds = 0.1, string fsync = "always")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     build.Dll, "serve", "--data-dir", dataDir, "--pg-port", "0", "--http-port", "0",
                     "--checkpoint-interval", checkpointSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--fsync", fsync,
                 })
            start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._port.TrySetResult(0);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var port = await server._port.Task.WaitAsync(TimeSpan.FromSeconds(60));
        server.PgPort = port;
        return server;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public async Task WaitForExitAsync() => await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

    public NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>SIGKILL, then waits until the process is gone (so its data directory lock is released).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        var match = ListeningLine().Match(line);
        if (match.Success)
            _port.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"StreamSql is listening: postgres on [^ ]+:(\d+),")]
    private static partial Regex ListeningLine();
}
