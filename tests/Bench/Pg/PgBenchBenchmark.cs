using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using StreamSql.Server.Hosting;

namespace StreamSql.Bench.Pg;

/// <summary>
/// pgbench with a <c>SELECT 1</c> script against the server's Postgres front end (sessions that
/// answer SELECT 1 without an engine) and against a PostgreSQL 15 started in a temporary
/// directory, on the same machine in the same run. Prints both throughputs and their ratio.
/// Arguments: [--clients 8] [--seconds 20] [--skip-postgres].
/// </summary>
public sealed partial class PgBenchBenchmark : IBenchmark
{
    public string Name => "pgbench";

    public string Description => "pgbench -n -f select1.sql against StreamSql's Postgres front end and PostgreSQL 15";

    public void Run(IReadOnlyList<string> args, TextWriter output)
    {
        var clients = IntArgument(args, "--clients", 8);
        var seconds = IntArgument(args, "--seconds", 20);
        var skipPostgres = args.Contains("--skip-postgres");
        var work = Directory.CreateTempSubdirectory("streamsql-pgbench-");
        try
        {
            var script = Path.Combine(work.FullName, "select1.sql");
            File.WriteAllText(script, "SELECT 1;\n");

            double streamSql;
            var host = ServerHost.StartAsync(new ServerOptions { PgPort = 0, HttpPort = 0 }, new SelectOneSessionFactory()).GetAwaiter().GetResult();
            try
            {
                streamSql = PgBench(script, host.PgPort, clients, seconds, output);
            }
            finally
            {
                host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            output.WriteLine($"streamsql  tps {streamSql:F0}  ({clients} clients, {seconds} s)");
            if (skipPostgres)
                return;

            var postgres = RunPostgres(work.FullName, script, clients, seconds, output);
            output.WriteLine($"postgres15 tps {postgres:F0}  ({clients} clients, {seconds} s)");
            output.WriteLine($"ratio streamsql/postgres {streamSql / postgres:F2} (goal >= 0.70)");
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A PostgreSQL that did not stop in time keeps files open; the temp folder is left behind.
            }
        }
    }

    private static double RunPostgres(string work, string script, int clients, int seconds, TextWriter output)
    {
        var data = Path.Combine(work, "pg");
        Directory.CreateDirectory(data);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // PostgreSQL refuses to run as root: the files and the server belong to "postgres".
            Exec("chown", ["-R", "postgres", work], output);
            Exec("chmod", ["755", work], output);
        }
        var port = FreePort();
        var initdb = Exec(asRoot ? "runuser" : "initdb",
            [.. asRoot ? ["-u", "postgres", "--", "initdb"] : Array.Empty<string>(), "-D", Path.Combine(data, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], output);
        if (initdb != 0)
            throw new InvalidOperationException("initdb failed");
        string[] ctl = ["-D", Path.Combine(data, "data"), "-o", $"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=100", "-l", Path.Combine(data, "log"), "-w"];
        Exec(asRoot ? "runuser" : "pg_ctl", [.. asRoot ? ["-u", "postgres", "--", "pg_ctl"] : Array.Empty<string>(), .. ctl, "start"], output);
        try
        {
            return PgBench(script, port, clients, seconds, output, user: "postgres", database: "postgres");
        }
        finally
        {
            Exec(asRoot ? "runuser" : "pg_ctl", [.. asRoot ? ["-u", "postgres", "--", "pg_ctl"] : Array.Empty<string>(), "-D", Path.Combine(data, "data"), "-m", "fast", "-w", "stop"], output);
        }
    }

    private static double PgBench(string script, int port, int clients, int seconds, TextWriter output, string user = "bench", string database = "bench")
    {
        var start = new ProcessStartInfo("pgbench") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-n", "-f", script, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", user, database })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start pgbench");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var match = Tps().Match(stdout);
        if (process.ExitCode != 0 || !match.Success)
            throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {stdout}\n{stderr.Result}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static int Exec(string file, IEnumerable<string> arguments, TextWriter output)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            output.WriteLine($"{file} exited with {process.ExitCode}: {stderr.Result.Trim()}");
        return process.ExitCode;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static int IntArgument(IReadOnlyList<string> args, string name, int fallback)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
