using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace StreamSql.Bench.Pg;

/// <summary>
/// The real server process (<c>.build/streamsql/streamsql.dll</c>, built by <c>./streamsql</c>) under
/// Postgres wire clients: (1) INSERT-to-SUBSCRIBE latency: one connection inserts rows stamped with
/// the send time at R rows/s into a table a view reads, another holds <c>SUBSCRIBE</c> on the view;
/// p50/p99 from send to receipt. (2) Memory per connection: the server's RSS before and after N
/// connections are open (a tenth of them inside a SUBSCRIBE), divided by N.
/// Args: [rows per second=1000] [seconds=5] [connections=1000].
/// </summary>
public sealed partial class PgConnectionsBenchmark : IBenchmark
{
    public string Name => "pg-connections";

    public string Description => "server process: INSERT->SUBSCRIBE latency p50/p99 at R rows/s, and RSS per connection with N open (N/10 subscribed)";

    public void Run(IReadOnlyList<string> args, TextWriter output) => RunAsync(args, output).GetAwaiter().GetResult();

    private static int Arg(IReadOnlyList<string> args, int i, int fallback) =>
        args.Count > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;

    private static async Task RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var rate = Arg(args, 0, 1000);
        var seconds = Arg(args, 1, 5);
        var connections = Arg(args, 2, 1000);
        var root = FindRoot();
        var dll = Path.Combine(root, ".build", "streamsql", "streamsql.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: run ./streamsql --help once to build it");
        var data = Directory.CreateTempSubdirectory("streamsql-bench-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "serve", "--data-dir", data, "--pg-port", "0", "--http-port", "0", "--fsync", "never" })
            start.ArgumentList.Add(a);
        using var server = Process.Start(start)!;
        try
        {
            var port = 0;
            while (port == 0 && await server.StandardOutput.ReadLineAsync() is { } line)
                if (Listening().Match(line) is { Success: true } m)
                    port = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            _ = server.StandardOutput.ReadToEndAsync();
            _ = server.StandardError.ReadToEndAsync();
            var cs = $"Host=127.0.0.1;Port={port};Username=streamsql;Database=streamsql;Pooling=false;Timeout=60;Command Timeout=0;Server Compatibility Mode=NoTypeLoading";

            await using (var setup = new NpgsqlConnection(cs))
            {
                await setup.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE lat_t (id BIGINT, sent BIGINT); CREATE MATERIALIZED VIEW lat_m AS SELECT id, sent FROM lat_t", setup);
                await create.ExecuteNonQueryAsync();
            }

            await Latency(cs, rate, seconds, output);
            await Memory(cs, server.Id, connections, output);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task Latency(string cs, int rate, int seconds, TextWriter output)
    {
        await using var reader = new NpgsqlConnection(cs);
        await reader.OpenAsync();
        await using var writer = new NpgsqlConnection(cs);
        await writer.OpenAsync();
        var latencies = new List<double>(rate * seconds);
        var warm = new List<double>(rate * seconds); // rows sent after the first second (JIT and connection warm-up excluded)
        var expected = (long)rate * seconds;
        using var stop = new CancellationTokenSource();
        var subscriber = Task.Run(async () =>
        {
            await using var subscribe = new NpgsqlCommand("SUBSCRIBE lat_m WITH (SNAPSHOT = false)", reader);
            var rows = await subscribe.ExecuteReaderAsync();
            try
            {
                while (latencies.Count < expected && !stop.IsCancellationRequested && await rows.ReadAsync())
                {
                    var now = Stopwatch.GetTimestamp();
                    var ms = (now - rows.GetInt64(3)) * 1000.0 / Stopwatch.Frequency;
                    latencies.Add(ms);
                    if (rows.GetInt64(2) >= rate)
                        warm.Add(ms);
                }
            }
            finally
            {
                // A SUBSCRIBE never ends by itself: cancel it, or disposing the reader waits for its end.
                subscribe.Cancel();
                try
                {
                    await rows.DisposeAsync();
                }
                catch (PostgresException)
                {
                }
            }
        });
        await Task.Delay(500);
        var clock = Stopwatch.StartNew();
        const int statementsPerSecond = 100;
        var perStatement = Math.Max(1, rate / statementsPerSecond);
        long id = 0;
        await using var insert = new NpgsqlCommand("", writer);
        for (var s = 0; s < seconds * statementsPerSecond; s++)
        {
            insert.CommandText = "INSERT INTO lat_t VALUES " +
                string.Join(", ", Enumerable.Range(0, perStatement).Select(_ => $"({id++}, {Stopwatch.GetTimestamp()})"));
            await insert.ExecuteNonQueryAsync();
            var due = TimeSpan.FromSeconds((s + 1) / (double)statementsPerSecond);
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed);
        }

        await Task.WhenAny(subscriber, Task.Delay(5000));
        await stop.CancelAsync();
        try
        {
            await subscriber;
        }
        catch (NpgsqlException)
        {
        }

        var sorted = latencies.Order().ToArray();
        var steady = warm.Order().ToArray();
        double At(double[] values, double q) => values.Length == 0 ? double.NaN : values[(int)Math.Min(values.Length - 1, q * values.Length)];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"INSERT->SUBSCRIBE at {rate} rows/s for {seconds} s ({perStatement} rows per INSERT): {sorted.Length} of {id} rows received, latency ms p50 {At(sorted, 0.5):F1}, p99 {At(sorted, 0.99):F1}, max {At(sorted, 1):F1}; " +
            $"after the first second: p50 {At(steady, 0.5):F1}, p99 {At(steady, 0.99):F1}, max {At(steady, 1):F1}"));
    }

    private static async Task Memory(string cs, int pid, int count, TextWriter output)
    {
        await Task.Delay(1000);
        var before = Rss(pid);
        var open = new List<NpgsqlConnection>(count);
        var readers = new List<Task<NpgsqlDataReader>>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var c = new NpgsqlConnection(cs);
                await c.OpenAsync();
                open.Add(c);
                if (i % 10 == 0)
                {
                    // Npgsql returns the reader once the first row is in: a row inserted below lets them all start.
                    var cmd = new NpgsqlCommand("SUBSCRIBE lat_m WITH (SNAPSHOT = false)", c);
                    readers.Add(cmd.ExecuteReaderAsync());
                }
            }

            await using (var insert = new NpgsqlCommand("INSERT INTO lat_t VALUES (-1, 0)", open[1]))
                await insert.ExecuteNonQueryAsync();
            await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(2000);
            var after = Rss(pid);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} connections ({readers.Count} in SUBSCRIBE): server RSS {before / 1048576.0:F0} MiB -> {after / 1048576.0:F0} MiB, {(after - before) / (double)count / 1024:F1} KiB per connection"));
        }
        finally
        {
            // Killing the server ends the subscriptions; the connections just go.
        }
    }

    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "StreamSql.sln")))
                return dir.FullName;
        throw new InvalidOperationException("run the benchmark from inside the repository");
    }

    [GeneratedRegex(@"listening: postgres on [^:]+:(\d+),")]
    private static partial Regex Listening();
}
