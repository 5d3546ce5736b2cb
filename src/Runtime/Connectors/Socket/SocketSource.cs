using System.Globalization;
using System.Net.Sockets;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors.Socket;

/// <summary>
/// The <c>socket</c> source, Spark's <c>socketTextStream</c>: connects to a TCP server as a client
/// and reads records (lines; CSV records may span lines inside quotes). When the server goes away
/// or cannot be reached it reconnects with exponential back-off (<see cref="ReconnectBackoff"/>);
/// a last line without a line feed before the server closes still counts. With a CSV header, the
/// first line of each connection is the header. Reading runs on its own task into a bounded buffer;
/// when it is full the task stops reading and TCP flow control holds the server back.
/// <para>Position: the number of records read so far. A socket cannot replay, so this source is
/// at most once: a restart continues the count with whatever the server sends next, and records
/// buffered but not polled before a crash are lost. It never ends (<see cref="IsExhausted"/> is false).</para>
/// </summary>
public sealed class SocketSource : QueuedSource
{
    private readonly SocketSourceOptions options;
    private long records;
    private int connections;
    private int failedAttempts;

    /// <summary>The constructor the server calls: checks the <c>WITH</c> options, the format and its options (22023 errors).</summary>
    public SocketSource(IReadOnlyDictionary<string, string> options, string? format, IReadOnlyDictionary<string, string>? formatOptions, RowSchema schema)
        : this(SocketSourceOptions.Parse(options, format, formatOptions), schema)
    {
    }

    public SocketSource(SocketSourceOptions options, RowSchema schema)
        : base(schema, options.Format, options.BufferRecords, static (_, mark) => new SourcePosition(mark.ToString(CultureInfo.InvariantCulture)))
    {
        this.options = options;
    }

    public SocketSourceOptions Options => options;

    public override bool IsExhausted => false;

    /// <summary>Connections made so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>Connection attempts that failed so far.</summary>
    public int FailedAttempts => Volatile.Read(ref failedAttempts);

    protected override Func<CancellationToken, Task> Prepare(SourcePosition? start)
    {
        if (start is not null && !long.TryParse(start.Value, NumberStyles.None, CultureInfo.InvariantCulture, out records))
            throw ConnectorOptions.Invalid($"invalid socket source position '{start.Value}': expected a record count");
        return ReadLoopAsync;
    }

    private async Task ReadLoopAsync(CancellationToken cancel)
    {
        var context = Context!;
        var reader = new RecordStreamReader(Queue, Decoder, context.DataAvailable);
        var backoff = new ReconnectBackoff(options.InitialBackoff, options.MaxBackoff);
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(options.Host, options.Port, cancel).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    Interlocked.Increment(ref failedAttempts);
                    await Task.Delay(backoff.NextDelay(), context.Time, cancel).ConfigureAwait(false);
                    continue;
                }
                backoff.Reset();
                Interlocked.Increment(ref connections);
                try
                {
                    var stream = client.GetStream();
                    records = await reader.ReadAsync(stream, null, records, byteMarks: false, fromStart: true, cancel).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // The connection broke; whatever complete records arrived are buffered. Reconnect.
                    records = reader.Mark;
                }
                // Whether the server closed cleanly or the connection broke, wait before calling again.
                await Task.Delay(backoff.NextDelay(), context.Time, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }
}
