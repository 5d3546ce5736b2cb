using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace StreamSql.Bench.Durability;

/// <summary>
/// The real server process on a data directory (<c>.build/streamsql/streamsql.dll</c>, built by
/// <c>./streamsql</c>): (1) DML throughput: C clients each run single-row INSERTs for S seconds,
/// with <c>--fsync always</c> (each acknowledged on disk; group commit shares fsyncs) and with
/// <c>--fsync never</c> for comparison, checkpoints every 2 s and the epochs between them committed; (2) recovery: a view holding G groups is checkpointed, the
/// server is killed (-9) and started again; the time until it listens and the time its own log gives.
/// Args: [clients=8] [seconds=10] [groups=1000000].
/// </summary>
public sealed partial class DurabilityBenchmark : IBenchmark
{
    public string Name => "durability";

    public string Description => "server process: single-row INSERT tps for C clients (fsync always vs never), recovery time with G groups of view state";

    public void Run(IReadOnlyList<string> args, TextWriter output) => RunAsync(args, output).GetAwaiter().GetResult();

    private static int Arg(IReadOnlyList<string> args, int i, int fallback) =>
        args.Count > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;

    private static async Task RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var clients = Arg(args, 0, 8);
        var seconds = Arg(args, 1, 10);
        var groups = Arg(args, 2, 1_000_000);
        foreach (var fsync in new[] { "always", "never" })
        {
            var dir = Directory.CreateTempSubdirectory("streamsql-bench-").FullName;
            try
            {
                // A checkpoint after 2 s: epochs are committed from then on, as on a server that runs on.
                await using var server = await Server.StartAsync(dir, fsync, checkpointSeconds: 2);
                await server.ExecuteAsync("CREATE TABLE dml (client INT, n BIGINT)");
                long total = 0;
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
                {
                    await using var connection = new NpgsqlConnection(server.ConnectionString);
                    await connection.OpenAsync();
                    await using var insert = new NpgsqlCommand("INSERT INTO dml VALUES ($1, $2)", connection);
                    insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = c });
                    var n = new NpgsqlParameter<long>();
                    insert.Parameters.Add(n);
                    await insert.PrepareAsync();
                    long i = 0;
                    while (clock.Elapsed.TotalSeconds < seconds)
                    {
                        n.TypedValue = i++;
                        await insert.ExecuteNonQueryAsync();
                    }

                    Interlocked.Add(ref total, i);
                })));
                var elapsed = clock.Elapsed.TotalSeconds;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"--fsync {fsync}: {clients} clients, single-row INSERTs for {elapsed:F1} s: {total / elapsed:F0} tps ({total} rows)"));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        var data = Directory.CreateTempSubdirectory("streamsql-bench-").FullName;
        try
        {
            TimeSpan loadTime;
            await using (var server = await Server.StartAsync(data, "never", checkpointSeconds: 2))
            {
                await server.ExecuteAsync("CREATE TABLE facts (k BIGINT, v BIGINT); CREATE MATERIALIZED VIEW per_k AS SELECT k, count(*) AS n, sum(v) AS s FROM facts GROUP BY k");
                var clock = Stopwatch.StartNew();
                const int batch = 10_000;
                for (long start = 0; start < groups; start += batch)
                {
                    var rows = string.Join(", ", Enumerable.Range(0, (int)Math.Min(batch, groups - start)).Select(i => $"({start + i}, {i})"));
                    await server.ExecuteAsync($"INSERT INTO facts VALUES {rows}");
                }

                await server.ExecuteAsync("FLUSH");
                loadTime = clock.Elapsed;
                // The deltas of the load are compacted into a full snapshot in the background: wait for
                // a compaction that starts after the load, as a server that runs on would have one.
                var state = Path.Combine(data, "state");
                int loaded = server.Output.Length;
                while (server.Output[loaded..] is var after && !(after.Contains("checkpoint: compacting", StringComparison.Ordinal)
                    && after.IndexOf("checkpoint: compacted", after.IndexOf("checkpoint: compacting", StringComparison.Ordinal), StringComparison.Ordinal) >= 0))
                    await Task.Delay(100);
                // Then 1,000 groups change: the next checkpoint is a delta of those; kill -9 after it, so
                // recovery loads the full snapshot and its deltas.
                var changed = string.Join(", ", Enumerable.Range(0, 1000).Select(i => $"({i * (groups / 1000)}, 1)"));
                await server.ExecuteAsync($"INSERT INTO facts VALUES {changed}");
                var inserted = DateTime.UtcNow;
                string? delta = null;
                while ((delta = Directory.GetFiles(state, "checkpoint-*.delta").FirstOrDefault(f => File.GetLastWriteTimeUtc(f) > inserted)) is null)
                    await Task.Delay(100);
                // The changed groups are in an epoch commit after the insert (in an epoch log), or in the delta when that came first.
                long commits = Directory.GetFiles(state, "checkpoint-*.epochs").Sum(f => new FileInfo(f).Length);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"checkpoints of {groups:N0} groups: full snapshot {Directory.GetFiles(state, "checkpoint-*.ckpt").Max(f => new FileInfo(f).Length) / 1048576.0:F1} MiB; after 1,000 groups changed a delta of {new FileInfo(delta).Length / 1024.0:F1} KiB, epoch logs kept {commits / 1024.0:F1} KiB"));
                // What the server says of each (the time epochs were held while the state was captured).
                foreach (var line in server.Output.Split('\n').Where(l => l.StartsWith("checkpoint: ", StringComparison.Ordinal)).TakeLast(8))
                    output.WriteLine("  " + line.TrimEnd());
                await server.DisposeAsync();
            }

            var size = Directory.GetFiles(Path.Combine(data, "state"), "checkpoint-*.ckpt").Max(f => new FileInfo(f).Length);
            var restart = Stopwatch.StartNew();
            await using (var again = await Server.StartAsync(data, "never", checkpointSeconds: 0))
            {
                var listening = restart.Elapsed;
                var count = await again.ScalarAsync("SELECT count(*) FROM per_k");
                var logged = RecoveryDone().Match(again.Output) is { Success: true } m ? m.Groups[1].Value + " ms" : "?";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"recovery with {count:N0} groups in a view (loaded in {loadTime.TotalSeconds:F1} s, checkpoint {size / 1048576.0:F1} MiB): listening after {listening.TotalMilliseconds:F0} ms (process start included), recovery itself {logged}"));
                foreach (var line in again.Output.Split('\n').Where(l => l.StartsWith("recovery:", StringComparison.Ordinal)))
                    output.WriteLine("  " + line.TrimEnd());
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [GeneratedRegex(@"recovery: done in (\d+) ms")]
    private static partial Regex RecoveryDone();

    /// <summary>One server process on a data directory, on free ports.</summary>
    internal sealed partial class Server : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private bool _disposed;

        private Server(Process process) => _process = process;

        public string ConnectionString { get; private set; } = "";

        /// <summary>The CPU time the server process has used so far (all its threads).</summary>
        public TimeSpan CpuTime
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        public string Output
        {
            get
            {
                lock (_output)
                    return _output.ToString();
            }
        }

        public static async Task<Server> StartAsync(string dataDir, string fsync, double checkpointSeconds)
        {
            var root = FindRoot();
            var dll = Path.Combine(root, ".build", "streamsql", "streamsql.dll");
            if (!File.Exists(dll))
                throw new InvalidOperationException($"{dll} is missing: run ./streamsql --help once to build it");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { dll, "serve", "--data-dir", dataDir, "--pg-port", "0", "--http-port", "0", "--fsync", fsync,
                         "--checkpoint-interval", checkpointSeconds.ToString(CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(a);
            var server = new Server(Process.Start(start)!);
            var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            server._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                    return;
                lock (server._output)
                    server._output.AppendLine(e.Data);
                if (Listening().Match(e.Data) is { Success: true } m)
                    port.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            };
            server._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                    lock (server._output)
                        server._output.AppendLine(e.Data);
            };
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            var p = await port.Task.WaitAsync(TimeSpan.FromMinutes(5));
            server.ConnectionString = $"Host=127.0.0.1;Port={p};Username=streamsql;Database=streamsql;Pooling=false;Timeout=60;Command Timeout=0;Server Compatibility Mode=NoTypeLoading";
            return server;
        }

        public async Task ExecuteAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        public async Task<long> ScalarAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        /// <summary>kill -9.</summary>
        public async ValueTask DisposeAsync()
        {
            if (_disposed)
                return;
            _disposed = true;
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        [GeneratedRegex(@"listening: postgres on [^:]+:(\d+),")]
        private static partial Regex Listening();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "StreamSql.sln")))
                return dir.FullName;
        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}
