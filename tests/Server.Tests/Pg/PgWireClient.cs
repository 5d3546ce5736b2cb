using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace StreamSql.Server.Tests.Pg;

/// <summary>A raw Postgres protocol client for tests: builds frontend messages byte by byte and reads backend messages.</summary>
public sealed class PgWireClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private PgWireClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<PgWireClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        return new PgWireClient(tcp);
    }

    /// <summary>Connects and completes startup (trust), returning once ReadyForQuery arrived.</summary>
    public static async Task<(PgWireClient Client, int ProcessId, int Secret)> StartAsync(int port)
    {
        var client = await ConnectAsync(port);
        await client.SendAsync(Startup(("user", "tester"), ("database", "db")));
        var processId = 0;
        var secret = 0;
        while (true)
        {
            var (code, body) = await client.ReadAsync();
            if (code == 'K')
            {
                processId = BinaryPrimitives.ReadInt32BigEndian(body);
                secret = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(4));
            }
            if (code == 'E')
                throw new InvalidOperationException("startup failed: " + Fields(body)['M']);
            if (code == 'Z')
                return (client, processId, secret);
        }
    }

    /// <summary>Closes the sending side only (FIN), so replies can still be read.</summary>
    public void ShutdownSend() => _tcp.Client.Shutdown(SocketShutdown.Send);

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public async Task SendAsync(params byte[][] messages)
    {
        foreach (var m in messages)
            await _stream.WriteAsync(m);
    }

    /// <summary>Reads one backend message; throws <see cref="EndOfStreamException"/> when the server closed.</summary>
    public async Task<(char Code, byte[] Body)> ReadAsync(int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var header = new byte[5];
        await _stream.ReadExactlyAsync(header, timeout.Token);
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        var body = new byte[length - 4];
        await _stream.ReadExactlyAsync(body, timeout.Token);
        return ((char)header[0], body);
    }

    public async Task<byte> ReadByteAsync()
    {
        var one = new byte[1];
        await _stream.ReadExactlyAsync(one);
        return one[0];
    }

    /// <summary>Reads messages up to and including ReadyForQuery; returns them all.</summary>
    public async Task<List<(char Code, byte[] Body)>> ReadUntilReadyAsync()
    {
        var messages = new List<(char, byte[])>();
        while (true)
        {
            var m = await ReadAsync();
            messages.Add(m);
            if (m.Code == 'Z')
                return messages;
        }
    }

    /// <summary>True when the server closed the connection (possibly after some final messages, returned in <paramref name="last"/>).</summary>
    public async Task<bool> IsClosedAsync(List<(char Code, byte[] Body)>? last = null, int timeoutMs = 10_000)
    {
        try
        {
            while (true)
            {
                var m = await ReadAsync(timeoutMs);
                last?.Add(m);
            }
        }
        catch (EndOfStreamException)
        {
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static Dictionary<char, string> Fields(byte[] body)
    {
        var fields = new Dictionary<char, string>();
        var at = 0;
        while (at < body.Length && body[at] != 0)
        {
            var type = (char)body[at++];
            var end = Array.IndexOf(body, (byte)0, at);
            fields[type] = Encoding.UTF8.GetString(body, at, end - at);
            at = end + 1;
        }
        return fields;
    }

    public static byte[] Startup(params (string Name, string Value)[] parameters) => StartupWithVersion(3 << 16, parameters);

    public static byte[] StartupWithVersion(int version, params (string Name, string Value)[] parameters)
    {
        var body = new List<byte>();
        body.AddRange(Int32(version));
        foreach (var (name, value) in parameters)
        {
            body.AddRange(CString(name));
            body.AddRange(CString(value));
        }
        body.Add(0);
        return [.. Int32(body.Count + 4), .. body];
    }

    public static byte[] Message(char code, params byte[][] fields)
    {
        var body = fields.SelectMany(f => f).ToArray();
        return [(byte)code, .. Int32(body.Length + 4), .. body];
    }

    public static byte[] Query(string sql) => Message('Q', CString(sql));

    public static byte[] Parse(string name, string sql, params int[] oids) =>
        Message('P', CString(name), CString(sql), Int16((short)oids.Length), oids.SelectMany(Int32).ToArray());

    /// <summary>Bind with text parameters (null = NULL) and one result format for all columns.</summary>
    public static byte[] Bind(string portal, string statement, string?[] parameters, short resultFormat = 0)
    {
        var values = new List<byte>();
        foreach (var p in parameters)
        {
            if (p is null)
            {
                values.AddRange(Int32(-1));
                continue;
            }
            var bytes = Encoding.UTF8.GetBytes(p);
            values.AddRange(Int32(bytes.Length));
            values.AddRange(bytes);
        }
        return Message('B', CString(portal), CString(statement), Int16(0), Int16((short)parameters.Length), values.ToArray(), Int16(1), Int16(resultFormat));
    }

    public static byte[] Describe(char target, string name) => Message('D', [(byte)target], CString(name));

    public static byte[] Execute(string portal, int maxRows = 0) => Message('E', CString(portal), Int32(maxRows));

    public static byte[] Close(char target, string name) => Message('C', [(byte)target], CString(name));

    public static byte[] Sync() => Message('S');

    public static byte[] Flush() => Message('H');

    public static byte[] Terminate() => Message('X');

    public static byte[] Int32(int value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        return b;
    }

    public static byte[] Int16(short value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(b, value);
        return b;
    }

    public static byte[] CString(string s) => [.. Encoding.UTF8.GetBytes(s), 0];

    public static string Text(byte[] body) => Encoding.UTF8.GetString(body).TrimEnd('\0');

    /// <summary>The values of a DataRow in text format (null for NULL).</summary>
    public static string?[] DataRow(byte[] body)
    {
        var count = BinaryPrimitives.ReadInt16BigEndian(body);
        var values = new string?[count];
        var at = 2;
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(at));
            at += 4;
            if (length < 0)
                continue;
            values[i] = Encoding.UTF8.GetString(body, at, length);
            at += length;
        }
        return values;
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
