using System.Diagnostics;
using System.Net.Sockets;
using StreamSql.Server.Pg;
using Microsoft.Extensions.DependencyInjection;
using static StreamSql.Server.Tests.Pg.PgWireClient;

namespace StreamSql.Server.Tests.Pg;

/// <summary>
/// Thousands of seeded, mutated message streams (valid conversations with bytes flipped, cut,
/// inserted, duplicated or lengths overwritten) sent over loopback. The server must never fail
/// internally (no XX000), must end every connection and session, and must keep serving.
/// </summary>
public sealed class ProtocolFuzzTests(PgServerFixture server) : IClassFixture<PgServerFixture>
{
    private const int Streams = 3000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static readonly byte[] StartupBytes = Startup(("user", "fuzz"), ("database", "db"), ("application_name", "fuzz"));

    private static readonly byte[][] Seeds =
    [
        Concat(StartupBytes, Query("SELECT 1; GENERATE 3"), Terminate()),
        Concat(StartupBytes, Parse("s", "GENERATE 4"), Bind("p", "s", []), Describe('P', "p"), Execute("p", 2), Execute("p"), Sync(), Terminate()),
        Concat([.. Int32(8), .. Int32(80877103)], StartupBytes, Query("TYPES")),
        Concat(StartupBytes, Parse("", "SELECT $1, $2", 23, 1114), Bind("", "", ["7", "2024-01-01 00:00:00"], 1), Execute(""), Close('S', ""), Sync()),
        Concat(StartupBytes, Query("COPY SMALL"), Query("BOGUS"), Parse("", "BOGUS"), Bind("", "", []), Sync(), Flush()),
        Concat(StartupBytes, Query("BEGIN"), Query("NOTICE"), Query("SET TimeZone = 'UTC'"), Query("COMMIT")),
        Concat([.. Int32(16), .. Int32(80877102), .. Int32(1), .. Int32(2)]),
        Concat(StartupBytes, Message('F', Int32(1), Int16(0), Int16(0), Int16(0)), Describe('S', "x"), Sync()),
    ];

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = random.Next(2) == 0 ? (byte)0 : (byte)0xFF;
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    var inserted = new byte[random.Next(1, 16)];
                    random.NextBytes(inserted);
                    bytes.InsertRange(at, inserted);
                    break;
                case 4:
                    var length = Math.Min(random.Next(1, 64), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 5:
                    var value = new byte[4];
                    random.NextBytes(value);
                    for (var i = 0; i < 4 && at + i < bytes.Count; i++)
                        bytes[at + i] = value[i];
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 32), bytes.Count - at));
                    break;
            }
        }
        return bytes.ToArray();
    }

    [Fact]
    public async Task MutatedMessageStreamsNeverHurtTheServer()
    {
        var random = new Random(20261124);
        var inputs = Enumerable.Range(0, Streams).Select(i => Mutate(Seeds[i % Seeds.Length], random)).ToList();
        var clock = Stopwatch.StartNew();
        var internalErrors = 0;
        var sent = 0;
        var protocolErrors = 0;
        var tooLong = 0;
        var ready = 0;
        await Parallel.ForEachAsync(inputs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (input, _) =>
        {
            if (clock.Elapsed > Budget)
                return;
            Interlocked.Increment(ref sent);
            var reply = await Converse(server.Port, input);
            if (Contains(reply, "CXX000\0"u8))
                Interlocked.Increment(ref internalErrors);
            if (Contains(reply, "C08P01\0"u8))
                Interlocked.Increment(ref protocolErrors);
            if (Contains(reply, "C54000\0"u8))
                Interlocked.Increment(ref tooLong);
            if (Contains(reply, "Z\0\0\0\u0005I"u8))
                Interlocked.Increment(ref ready);
        });

        Assert.Equal(0, internalErrors);
        Assert.True(sent >= 500, $"only {sent} streams were sent within the time budget");
        // The mutations reach both the valid and the invalid paths.
        Assert.True(protocolErrors > 0 && tooLong > 0 && ready > 0, $"08P01: {protocolErrors}, 54000: {tooLong}, ReadyForQuery: {ready}");

        // Every connection ended and every session was disposed.
        var registry = server.Host.Services.GetRequiredService<PgCancelRegistry>();
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((registry.Count > 0 || server.Sessions.Sessions.Any(s => !s.Disposed)) && DateTime.UtcNow < until)
            await Task.Delay(100);
        Assert.Equal(0, registry.Count);
        Assert.All(server.Sessions.Sessions, s => Assert.True(s.Disposed));

        var (client, _, _) = await StartAsync(server.Port);
        await using var __ = client;
        await client.SendAsync(Query("SELECT 1"));
        Assert.Equal("TDCZ", new string((await client.ReadUntilReadyAsync()).Select(m => m.Code).ToArray()));
    }

    /// <summary>Sends the bytes, half-closes, and reads the replies (at most 1 MiB, at most 5 s).</summary>
    private static async Task<byte[]> Converse(int port, byte[] input)
    {
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(input);
            tcp.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server may close first (e.g. on garbage); that is a fine outcome.
        }
        catch (SocketException)
        {
        }
        using var reply = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[8192];
        try
        {
            while (reply.Length < 1024 * 1024)
            {
                var n = await stream.ReadAsync(buffer, timeout.Token);
                if (n == 0)
                    break;
                reply.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
        }
        return reply.ToArray();
    }

    private static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
