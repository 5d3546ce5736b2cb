using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StreamSql.Server.Tests.Support;

/// <summary>
/// A real PostgreSQL server started for a test run in a temporary folder on a free loopback
/// port, and stopped (and its folder removed) on dispose. As root it runs as the postgres user,
/// as PostgreSQL requires. tests/run.sh installs the server binaries on a fresh machine.
/// </summary>
public sealed class PostgresInstance : IAsyncDisposable
{
    private readonly string _dir;
    private readonly string _binDir;
    private readonly bool _asPostgresUser;

    private PostgresInstance(string dir, string binDir, bool asPostgresUser, int port)
    {
        _dir = dir;
        _binDir = binDir;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=30";

    public static async Task<PostgresInstance> StartAsync()
    {
        var binDir = FindBinDir() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql; tests/run.sh installs them (apt-get install postgresql)");
        var dir = Path.Combine(Path.GetTempPath(), "streamsql-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
            await RunAsync("chown", ["-R", "postgres", dir]);
        var port = FreePort();
        var instance = new PostgresInstance(dir, binDir, asPostgres, port);
        await instance.RunPgAsync("initdb", ["-D", Path.Combine(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await instance.StartServerAsync();
        return instance;
    }

    /// <summary>Stops the server at once (clients see their connections drop); <see cref="StartServerAsync"/> brings it back on the same port.</summary>
    public Task StopServerAsync() => RunPgAsync("pg_ctl", ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"]);

    public Task StartServerAsync() =>
        RunPgAsync("pg_ctl", ["-D", Path.Combine(_dir, "data"), "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", "-l", Path.Combine(_dir, "log"), "-w", "start"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunPgAsync("pg_ctl", ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private Task RunPgAsync(string tool, IReadOnlyList<string> args)
    {
        var exe = Path.Combine(_binDir, tool);
        return _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. args]) : RunAsync(exe, args);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}{await stdout}");
    }

    private static string? FindBinDir()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                return dir;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending()
                .Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
