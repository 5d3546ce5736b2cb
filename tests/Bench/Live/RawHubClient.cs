using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace StreamSql.Bench.Live;

/// <summary>
/// A minimal client of the hub's JSON protocol over a WebSocket it speaks itself on a plain
/// socket (RFC 6455: the upgrade request, masked frames out, frames in; no negotiation, as SignalR
/// allows for WebSockets): handshake, one <c>Subscribe</c> stream invocation, then frames. Of each
/// frame it reads only the second value of every changed row (the row's send time), by searching
/// the bytes. A thousand of them share the machine's cores with the server, so each received
/// message costs one receive call and a scan, not the layers of a general WebSocket client (which
/// took as much CPU as the server's sends). It pings every 10 s so the server does not time it out.
/// </summary>
internal sealed class RawHubClient : IAsyncDisposable
{
    private const byte Separator = 0x1e;
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    /// <summary>Bytes received and not yet taken apart into frames.</summary>
    private byte[] received = new byte[64 * 1024];
    private int receivedStart, receivedEnd;
    /// <summary>Payload bytes still to come of the frame being read.</summary>
    private long framePayloadLeft;
    private bool frameIsData;
    /// <summary>Data payloads joined: hub messages, each ended by the separator.</summary>
    private byte[] buffer = new byte[64 * 1024];
    private int filled;
    private bool closed;

    public static async Task<RawHubClient> ConnectAsync(Uri hub, CancellationToken cancellationToken)
    {
        var client = new RawHubClient();
        await client.socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(hub.Host), hub.Port), cancellationToken);
        await client.UpgradeAsync(hub, cancellationToken);
        await client.SendAsync("""{"protocol":"json","version":1}""", cancellationToken);
        var handshake = await client.ReadMessageAsync(cancellationToken)
            ?? throw new InvalidOperationException("the hub closed the connection during the handshake");
        if (handshake.Contains("error", StringComparison.Ordinal))
            throw new InvalidOperationException($"handshake refused: {handshake}");
        return client;
    }

    /// <summary>The HTTP/1.1 upgrade to a WebSocket; the bytes after the response's headers are the first frames.</summary>
    private async Task UpgradeAsync(Uri hub, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {hub.PathAndQuery} HTTP/1.1\r\nHost: {hub.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, cancellationToken);
        int headerEnd;
        while ((headerEnd = received.AsSpan(0, receivedEnd).IndexOf("\r\n\r\n"u8)) < 0)
        {
            int n = await socket.ReceiveAsync(received.AsMemory(receivedEnd), SocketFlags.None, cancellationToken);
            if (n == 0)
                throw new InvalidOperationException("the hub closed the connection during the upgrade");
            receivedEnd += n;
        }

        var response = Encoding.ASCII.GetString(received, 0, headerEnd);
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        if (!response.StartsWith("HTTP/1.1 101", StringComparison.Ordinal) || !response.Contains(accept, StringComparison.Ordinal))
            throw new InvalidOperationException($"the hub refused the WebSocket upgrade: {response.Split("\r\n")[0]}");
        receivedStart = headerEnd + 4;
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
    public static Task[] SubscribeAll(IReadOnlyList<RawHubClient> clients, string view, LatencyHistogram[] latencies, CancellationToken cancellationToken) =>
        [.. clients.Select((c, i) => Task.Run(() => c.SubscribeAsync(view, latencies[i], cancellationToken)))];

    /// <summary>
    /// Subscribes to <paramref name="view"/> and adds, for each changed row, the time its frame was
    /// received minus the row's send time to <paramref name="latencies"/>, until cancelled or the
    /// stream ends. The clock is read once per frame (every row of a frame arrives at once). Rows
    /// with a negative send time are the warm-up's and are not counted.
    /// </summary>
    public async Task SubscribeAsync(string view, LatencyHistogram latencies, CancellationToken cancellationToken)
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
                // The hub writes the type first: {"type":2,"invocationId":...
                var type = message[..Math.Min(message.Length, 12)];
                if (type.IndexOf("\"type\":2"u8) >= 0)
                    ReadLatencies(message, received, latencies);
                else if (type.IndexOf("\"type\":3"u8) >= 0 || type.IndexOf("\"type\":7"u8) >= 0)
                    return;
                Consume(length + 1);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException) when (cancellationToken.IsCancellationRequested)
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

    private static void ReadLatencies(ReadOnlySpan<byte> message, long received, LatencyHistogram latencies)
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

    private Task SendAsync(string message, CancellationToken cancellationToken) =>
        SendFrameAsync(0x1, Encoding.UTF8.GetBytes(message + "\u001e"), cancellationToken);

    /// <summary>One final frame of <paramref name="opcode"/>, masked as a client's frames must be.</summary>
    private async Task SendFrameAsync(byte opcode, byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new List<byte> { (byte)(0x80 | opcode) };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }

        var mask = RandomNumberGenerator.GetBytes(4);
        frame.AddRange(mask);
        for (var i = 0; i < payload.Length; i++)
            frame.Add((byte)(payload[i] ^ mask[i % 4]));
        await sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(frame.ToArray(), SocketFlags.None, cancellationToken);
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

    /// <summary>Reads until the buffer holds a whole message; its length (without the separator), or -1 when the connection closed.</summary>
    private async Task<int> FillMessageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int end = buffer.AsSpan(0, filled).IndexOf(Separator);
            if (end >= 0)
                return end;
            if (closed)
                return -1;
            if (!TakeFrames())
            {
                if (receivedStart > 0)
                {
                    Buffer.BlockCopy(received, receivedStart, received, 0, receivedEnd - receivedStart);
                    receivedEnd -= receivedStart;
                    receivedStart = 0;
                }

                if (receivedEnd == received.Length)
                    Array.Resize(ref received, received.Length * 2);
                int n = await socket.ReceiveAsync(received.AsMemory(receivedEnd), SocketFlags.None, cancellationToken);
                if (n == 0)
                    return -1;
                receivedEnd += n;
            }
        }
    }

    /// <summary>
    /// Moves the data payloads of the received bytes into <see cref="buffer"/>; false when nothing
    /// could be taken (more bytes are needed). The server's frames are not masked; control frames
    /// are skipped, a close frame ends the stream.
    /// </summary>
    private bool TakeFrames()
    {
        bool progress = false;
        while (receivedStart < receivedEnd)
        {
            if (framePayloadLeft > 0)
            {
                int n = (int)Math.Min(framePayloadLeft, receivedEnd - receivedStart);
                if (frameIsData)
                {
                    if (filled + n > buffer.Length)
                        Array.Resize(ref buffer, Math.Max(buffer.Length * 2, filled + n));
                    Buffer.BlockCopy(received, receivedStart, buffer, filled, n);
                    filled += n;
                }

                receivedStart += n;
                framePayloadLeft -= n;
                progress = true;
                continue;
            }

            var header = received.AsSpan(receivedStart, receivedEnd - receivedStart);
            if (header.Length < 2)
                return progress;
            int opcode = header[0] & 0x0f;
            long length = header[1] & 0x7f;
            int headerLength = 2;
            if (length == 126)
            {
                if (header.Length < 4)
                    return progress;
                length = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
                headerLength = 4;
            }
            else if (length == 127)
            {
                if (header.Length < 10)
                    return progress;
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(header[2..]);
                headerLength = 10;
            }

            if (opcode == 0x8)
            {
                closed = true;
                receivedStart = receivedEnd;
                return true;
            }

            // Text, binary and continuation frames carry hub messages; pings and pongs are skipped.
            frameIsData = opcode is 0x0 or 0x1 or 0x2;
            framePayloadLeft = length;
            receivedStart += headerLength;
            progress = true;
        }

        return progress;
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
            if (!closed)
                await SendFrameAsync(0x8, [0x03, 0xe8], CancellationToken.None);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        socket.Dispose();
        sending.Dispose();
    }
}
