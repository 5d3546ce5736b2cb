using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;
using StreamSql.Server.Live;

namespace StreamSql.Bench.Live;

/// <summary>
/// N SignalR clients (JSON protocol) on one materialized view while rows are inserted at a fixed
/// rate; each row carries the Stopwatch timestamp of its INSERT, so a client's receive time minus
/// it is the delivery latency (epoch scheduling + commit + fan-out + serialization + socket).
/// Clients run in the same process (the CPU figure is then the server and all clients together)
/// unless the last argument is process.
/// Args: [clients=1000] [changes per second=1000] [seconds=5] [INSERT statements per second=100]
/// [clients: raw (default; <see cref="RawHubClient"/>), signalr (the .NET SignalR client) or process
/// (raw clients in a child process, so the server's CPU is reported on its own)].
/// </summary>
public sealed class LiveFanoutBenchmark : IBenchmark
{
    public string Name => "live";

    public string Description => "SignalR fan-out: N clients on one view at R changes/s, delivery latency p50/p99 and CPU";

    public void Run(IReadOnlyList<string> args, TextWriter output) => RunAsync(args, output).GetAwaiter().GetResult();

    private const int WarmUpSeconds = 3;

    /// <summary>Inserts <paramref name="batches"/> INSERTs of <paramref name="perBatch"/> rows, <paramref name="perSecond"/> a second; each row's second value is its send time (negated in the warm-up).</summary>
    private static async Task InsertAsync(Session session, int batches, int perSecond, int perBatch, Func<long> nextId, bool warmUp)
    {
        var clock = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            var values = string.Join(", ", Enumerable.Range(0, perBatch).Select(_ =>
                string.Create(CultureInfo.InvariantCulture, $"({nextId()}, {(warmUp ? -Stopwatch.GetTimestamp() : Stopwatch.GetTimestamp())})")));
            await session.ExecuteAllAsync($"INSERT INTO fan_t VALUES {values}", CancellationToken.None);
            var due = TimeSpan.FromSeconds((b + 1) / (double)perSecond);
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed);
        }
    }

    private static int Arg(IReadOnlyList<string> args, int i, int fallback) =>
        args.Count > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;

    private static async Task RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var clients = Arg(args, 0, 1000);
        var rate = Arg(args, 1, 1000);
        var seconds = Arg(args, 2, 5);
        await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = TextWriter.Null });
        engine.Start();
        await using var host = await ServerHost.StartAsync(new ServerOptions { PgPort = 0, HttpPort = 0 }, engine,
            b => LiveEndpoints.Configure(b, engine), LiveEndpoints.Map);
        await using var session = engine.OpenSession();
        await session.ExecuteAllAsync("CREATE TABLE fan_t (id BIGINT, sent BIGINT); CREATE MATERIALIZED VIEW fan_m AS SELECT id, sent FROM fan_t; FLUSH;", CancellationToken.None);

        var hub = new Uri($"http://127.0.0.1:{host.HttpPort}/hubs/stream");
        var kind = args.Count > 4 ? args[4] : "raw";
        if (kind is not ("raw" or "signalr" or "process"))
            throw new ArgumentException($"client kind must be raw, signalr or process, not {kind}");
        var latencies = Enumerable.Range(0, kind == "process" ? 0 : clients).Select(_ => new LatencyHistogram()).ToArray();
        using var stop = new CancellationTokenSource();
        var disposables = new List<IAsyncDisposable>();
        Task[] readers = [];
        Process? clientProcess = null;
        if (kind == "process")
        {
            clientProcess = Process.Start(new ProcessStartInfo(Environment.ProcessPath!)
            {
                ArgumentList = { typeof(LiveClientsBenchmark).Assembly.Location, "live-clients", hub.ToString(), clients.ToString(CultureInfo.InvariantCulture), "fan_m" },
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            while (await clientProcess.StandardOutput.ReadLineAsync() is { } line && line != "ready")
            {
            }
        }
        else if (kind == "signalr")
        {
            var connections = new List<HubConnection>();
            for (var i = 0; i < clients; i += 100)
            {
                connections.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(100, clients - i)).Select(async _ =>
                {
                    var c = new HubConnectionBuilder().WithUrl(hub)
                        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new SentTimesConverter()))
                        .Build();
                    await c.StartAsync();
                    return c;
                })));
            }

            disposables.AddRange(connections);
            readers = [.. connections.Select((c, i) => Task.Run(async () =>
            {
                try
                {
                    await foreach (var frame in c.StreamAsync<SentTimes>("Subscribe", "fan_m", null, stop.Token))
                    {
                        var now = Stopwatch.GetTimestamp();
                        foreach (var sent in frame.Values)
                        {
                            if (sent >= 0)
                                latencies[i].Add(now - sent);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }))];
        }
        else
        {
            var raw = await RawHubClient.ConnectManyAsync(hub, clients);
            disposables.AddRange(raw);
            readers = RawHubClient.SubscribeAll(raw, "fan_m", latencies, stop.Token);
        }

        await Task.Delay(1000);

        // The thread pool's size and backlog, sampled while rows are inserted: a backlog that keeps
        // growing is work waiting for a thread, not for the CPU.
        int maxThreads = 0;
        long maxQueued = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
                maxQueued = Math.Max(maxQueued, ThreadPool.PendingWorkItemCount);
                try
                {
                    await Task.Delay(50, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
        var batchesPerSecond = Arg(args, 3, 100);
        var perBatch = Math.Max(1, rate / batchesPerSecond);
        long id = 0;

        // Warm-up at the same rate (the JIT's tiers, the thread pool's size), with negative send
        // times that the clients do not count.
        await InsertAsync(session, WarmUpSeconds * batchesPerSecond, batchesPerSecond, perBatch, () => id++, warmUp: true);
        await Task.Delay(500);
        var warmUpRows = id;

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await InsertAsync(session, seconds * batchesPerSecond, batchesPerSecond, perBatch, () => id++, warmUp: false);

        await Task.Delay(1000);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var wall = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        await Task.WhenAll(disposables.Select(c => c.DisposeAsync().AsTask()));
        var expected = (id - warmUpRows) * clients;
        if (clientProcess is not null)
        {
            await clientProcess.StandardInput.WriteLineAsync("stop");
            await clientProcess.StandardInput.FlushAsync();
            string? result = null;
            while (await clientProcess.StandardOutput.ReadLineAsync() is { } line)
                if (line.StartsWith("result ", StringComparison.Ordinal))
                    result = line;
            await clientProcess.WaitForExitAsync();
            var f = (result ?? throw new InvalidOperationException("the client process reported no result")).Split(' ');
            output.WriteLine($"clients {clients} (raw, in a process of their own), rows inserted {id - warmUpRows} ({rate}/s for {seconds} s, after {warmUpRows} in a {WarmUpSeconds} s warm-up), deliveries {f[1]} of {expected}");
            output.WriteLine($"delivery latency ms: p50 {f[2]}, p90 {f[3]}, p99 {f[4]}, max {f[5]}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"server process CPU: {cpu.TotalSeconds:F1} s over {wall.TotalSeconds:F1} s = {cpu.TotalSeconds / wall.TotalSeconds * 100:F0}% of one core; clients' process: {f[6]} s"));
            output.WriteLine($"thread pool (server): at most {maxThreads} threads, at most {maxQueued} work items waiting");
            return;
        }

        var all = LatencyHistogram.Merge(latencies);
        double Ms(double q) => all.Ms(q);
        output.WriteLine($"clients {clients} ({kind}), rows inserted {id - warmUpRows} ({rate}/s for {seconds} s, after {warmUpRows} in a {WarmUpSeconds} s warm-up), deliveries {all.Count} of {expected}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"delivery latency ms: p50 {Ms(0.50):F1}, p90 {Ms(0.90):F1}, p99 {Ms(0.99):F1}, max {Ms(1.0):F1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"process CPU (server and clients): {cpu.TotalSeconds:F1} s over {wall.TotalSeconds:F1} s = {cpu.TotalSeconds / wall.TotalSeconds * 100:F0}% of one core"));
        output.WriteLine($"thread pool: at most {maxThreads} threads, at most {maxQueued} work items waiting");
    }
}

/// <summary>The <c>sent</c> values (second column) of one frame's changed rows.</summary>
internal sealed record SentTimes(List<long> Values);

/// <summary>
/// Reads a frame (<c>{"epoch":..,"columns":..,"changes":[{"diff":1,"row":[id,sent]},..],"progress":..}</c>)
/// token by token and keeps each row's second value: no document, no boxed values.
/// </summary>
internal sealed class SentTimesConverter : JsonConverter<SentTimes>
{
    public override SentTimes Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = new List<long>();
        int depth = reader.CurrentDepth;
        bool inRow = false;
        int column = 0;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("row"u8))
            {
                reader.Read();
                inRow = true;
                column = 0;
            }
            else if (inRow && reader.TokenType == JsonTokenType.EndArray)
            {
                inRow = false;
            }
            else if (inRow && reader.TokenType == JsonTokenType.Number && column++ == 1)
            {
                values.Add(reader.GetInt64());
            }
        }

        return new SentTimes(values);
    }

    public override void Write(Utf8JsonWriter writer, SentTimes value, JsonSerializerOptions options) =>
        throw new NotSupportedException();
}
