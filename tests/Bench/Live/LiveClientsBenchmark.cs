using System.Diagnostics;
using System.Globalization;

namespace StreamSql.Bench.Live;

/// <summary>
/// The client side of <c>live ... process</c>: N <see cref="RawHubClient"/>s in a process of their
/// own, so the server's CPU time can be told apart from theirs. Args: hub URL, clients, view.
/// Prints <c>ready</c> once every client is subscribed, reads until a line <c>stop</c> (or the end
/// of its input), then prints one <c>result</c> line: deliveries, latency percentiles in ms and its
/// own CPU seconds. Send times are <see cref="Stopwatch"/> timestamps, the same clock in every
/// process of the machine.
/// </summary>
public sealed class LiveClientsBenchmark : IBenchmark
{
    public string Name => "live-clients";

    public string Description => "(started by 'live ... process') raw hub clients in their own process";

    public void Run(IReadOnlyList<string> args, TextWriter output) => RunAsync(args, output).GetAwaiter().GetResult();

    private static async Task RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count < 3)
            throw new ArgumentException("usage: live-clients <hub url> <clients> <view>");
        var hub = new Uri(args[0]);
        int clients = int.Parse(args[1], CultureInfo.InvariantCulture);
        var view = args[2];
        var connected = await RawHubClient.ConnectManyAsync(hub, clients);
        var latencies = connected.Select(_ => new LatencyHistogram()).ToArray();
        using var stop = new CancellationTokenSource();
        var readers = RawHubClient.SubscribeAll(connected, view, latencies, stop.Token);
        await Task.Delay(500);
        output.WriteLine("ready");
        output.Flush();

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        while (await Console.In.ReadLineAsync() is { } line && line != "stop")
        {
        }

        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        await Task.WhenAll(connected.Select(c => c.DisposeAsync().AsTask()));
        var all = LatencyHistogram.Merge(latencies);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result {all.Count} {all.Ms(0.50):F1} {all.Ms(0.90):F1} {all.Ms(0.99):F1} {all.Ms(1.0):F1} {cpu.TotalSeconds:F1}"));
    }

}
