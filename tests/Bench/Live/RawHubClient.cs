using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace StreamSql.Bench.Live;

/// <summary>
/// A minimal client of the hub's JSON protocol straight over a WebSocket (no negotiation, as
/// SignalR allows for WebSockets): handshake, one <c>Subscribe</c> stream invocation, then frames.
/// Of each frame it reads only the second value of every changed row (the row's send time), by
/// searching the bytes, so that a thousand clients in the benchmark's process leave the cores to
/// the server. It pings every 10 s so the server does not time it out.
/// </summary>
internal sealed class RawHubClient : IAsyncDisposable
{
    private const byte Separator = 0x1e;
    private readonly ClientWebSocket socket = new();
    private byte[] buffer = new byte[64 * 1024];
    private int filled;

    public static async Task<RawHubClient> ConnectAsync(Uri hub, CancellationToken cancellationToken)
    {
        var client = new RawHubClient();
        var ws = new UriBuilder(hub) { Scheme = hub.Scheme == "https" ? "wss" : "ws" }.Uri;
        await client.socket.ConnectAsync(ws, cancellationToken);
        await client.SendAsync("""{"protocol":"json","version":1}""", cancellationToken);
        var handshake = await client.ReadMessageAsync(cancellationToken)
            ?? throw new InvalidOperationException("the hub closed the connection during the handshake");
        if (handshake.Contains("error", StringComparison.Ordinal))
            throw new InvalidOperationException($"handshake refused: {handshake}");
        return client;
    }

    /// <summary>Connects <paramref name="count"/> clients, a hundred at a time.</summary>
    public static async Task<List<RawHubClient>> ConnectManyAsync(Uri hub, int count)
    {
        var clients = new List<RawHubClient>(count);
        for (var i = 0; i < count; i += 100)
            clients.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(100, count - i)).Select(_ => ConnectAsync(hub, CancellationToken.None))));
        return clients;
    }

    /// <summary>Subscribes every client to <paramref name="view"/>; each records receive time minus send time per row in its own list.</summary>
    public static Task[] SubscribeAll(IReadOnlyList<RawHubClient> clients, string view, List<long>[] latencies, CancellationToken cancellationToken) =>
        [.. clients.Select((c, i) => Task.Run(() => c.SubscribeAsync(view, latencies[i], cancellationToken)))];

    /// <summary>
    /// Subscribes to <paramref name="view"/> and adds, for each changed row, the time its frame was
    /// received minus the row's send time to <paramref name="latencies"/>, until cancelled or the
    /// stream ends. The clock is read once per frame (every row of a frame arrives at once). Rows
    /// with a negative send time are the warm-up's and are not counted.
    /// </summary>
    public async Task SubscribeAsync(string view, List<long> latencies, CancellationToken cancellationToken)
    {
        await SendAsync($$"""{"type":4,"invocationId":"1","target":"Subscribe","arguments":["{{view}}",null]}""", cancellationToken);
        using var pinging = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pings = PingAsync(pinging.Token);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int length = await FillMessageAsync(cancellationToken);
                if (length < 0)
                    return;
                var received = Stopwatch.GetTimestamp();
                var message = buffer.AsSpan(0, length);
                if (message.IndexOf("\"type\":2"u8) >= 0)
                    ReadLatencies(message, received, latencies);
                else if (message.IndexOf("\"type\":3"u8) >= 0 || message.IndexOf("\"type\":7"u8) >= 0)
                    return;
                Consume(length + 1);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await pinging.CancelAsync();
            try
            {
                await pings;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static void ReadLatencies(ReadOnlySpan<byte> message, long received, List<long> latencies)
    {
        ReadOnlySpan<byte> rowStart = "\"row\":["u8;
        while (true)
        {
            int at = message.IndexOf(rowStart);
            if (at < 0)
                return;
            message = message[(at + rowStart.Length)..];
            int comma = message.IndexOf((byte)',');
            if (comma < 0 || !Utf8Parser.TryParse(message[(comma + 1)..], out long sent, out _))
                throw new FormatException("a changed row without a second number");
            if (sent >= 0)
                latencies.Add(received - sent);
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            await SendAsync("""{"type":6}""", cancellationToken);
        }
    }

    private readonly SemaphoreSlim sending = new(1, 1);

    private async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message + "\u001e");
        await sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            sending.Release();
        }
    }

    private async Task<string?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        int length = await FillMessageAsync(cancellationToken);
        if (length < 0)
            return null;
        var text = Encoding.UTF8.GetString(buffer, 0, length);
        Consume(length + 1);
        return text;
    }

    /// <summary>Reads until the buffer holds a whole message; its length (without the separator), or -1 when the socket closed.</summary>
    private async Task<int> FillMessageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int end = buffer.AsSpan(0, filled).IndexOf(Separator);
            if (end >= 0)
                return end;
            if (filled == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2);
            var result = await socket.ReceiveAsync(buffer.AsMemory(filled), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return -1;
            filled += result.Count;
        }
    }

    private void Consume(int bytes)
    {
        Buffer.BlockCopy(buffer, bytes, buffer, 0, filled - bytes);
        filled -= bytes;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        socket.Dispose();
        sending.Dispose();
    }
}
