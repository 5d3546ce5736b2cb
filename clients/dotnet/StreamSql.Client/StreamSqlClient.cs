using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace StreamSql.Client;

/// <summary>
/// Live results of a StreamSql server over SignalR (<c>/hubs/stream</c> on its HTTP port).
/// <code>
/// await using var client = new StreamSqlClient(new Uri("http://localhost:8080"));
/// await foreach (var change in client.SubscribeAsync&lt;Total&gt;("totals"))
///     Console.WriteLine($"{change.Diff:+0;-0} {change.Row}");
/// </code>
/// A lost connection is re-established and the subscription resumed after the last epoch
/// received, so no change is missed or repeated while the server still retains it.
/// </summary>
public sealed class StreamSqlClient : IAsyncDisposable
{
    private readonly Uri _hub;
    private readonly StreamSqlClientOptions _options;

    /// <summary>A client of the server at <paramref name="server"/> (its HTTP address, e.g. http://localhost:8080).</summary>
    public StreamSqlClient(Uri server, StreamSqlClientOptions? options = null)
    {
        _hub = new Uri(server, "hubs/stream");
        _options = options ?? new StreamSqlClientOptions();
    }

    /// <summary>How many times a subscription of this client has reconnected (a test and monitoring aid).</summary>
    public int Reconnects { get; private set; }

    /// <summary>
    /// Streams the changes of a materialized view, table or <c>SELECT</c> as rows of
    /// <typeparamref name="T"/>, mapped by column name (see <see cref="RowMapper{T}"/>).
    /// </summary>
    public async IAsyncEnumerable<Change<T>> SubscribeAsync<T>(string viewOrQuery, ClientSubscribeOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RowMapper<T>? mapper = null;
        await foreach (var frame in SubscribeFramesAsync(viewOrQuery, options, cancellationToken))
        {
            if (frame.Columns is { } columns)
                mapper = new RowMapper<T>(columns);
            if (mapper is null)
                throw new InvalidOperationException("the server sent changes before the columns");
            foreach (var change in frame.Changes)
                yield return new Change<T>(frame.Epoch, change.Diff, mapper.Map(change.Row));
        }
    }

    /// <summary>How many times a subscription could not resume (the server no longer kept its epoch: past the retention, or after a restart without a checkpoint) and took a fresh snapshot instead.</summary>
    public int Resnapshots { get; private set; }

    /// <summary>
    /// Streams whole frames (one per committed epoch), reconnecting and resuming when the connection is lost.
    /// When the server cannot resume after the last epoch received (it restarted, or the epoch is past its
    /// retention), a subscription that started from a snapshot subscribes again from a fresh snapshot and
    /// delivers one frame with the difference between what it had delivered and that snapshot, so the
    /// changes stay a correct changelog of the view (<see cref="Resnapshots"/> counts these).
    /// </summary>
    /// <exception cref="StreamSqlException">The server refused the subscription or ended it (e.g. the view was dropped).</exception>
    public async IAsyncEnumerable<Frame> SubscribeFramesAsync(string viewOrQuery, ClientSubscribeOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ClientSubscribeOptions();
        long? since = options.Since;
        // What has been delivered, as a multiset of rows (only when it started from a snapshot: otherwise unknown).
        var contents = options.Snapshot && options.Since is null ? new Contents() : null;
        var resnapshot = false;
        var attempt = 0;
        while (true)
        {
            var connection = await ConnectAsync(attempt, cancellationToken);
            var resumeRefused = false;
            try
            {
                var request = new Dictionary<string, object?>
                {
                    ["snapshot"] = resnapshot || options.Snapshot,
                    ["progress"] = options.Progress,
                    ["since"] = resnapshot ? null : since,
                };
                var frames = connection.StreamAsync<Frame>("Subscribe", viewOrQuery, request, cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (frames)
                {
                    while (true)
                    {
                        var (frame, refused) = await NextAsync(frames, since is not null && contents is not null, cancellationToken);
                        if (refused)
                        {
                            resumeRefused = true;
                            break;
                        }

                        if (frame is null)
                            break;
                        attempt = 0;
                        since = frame.Epoch;
                        if (resnapshot)
                        {
                            // The fresh snapshot: deliver only how it differs from what was delivered before.
                            resnapshot = false;
                            Resnapshots++;
                            frame = frame with { Changes = contents!.Replace(frame.Changes) };
                        }
                        else
                        {
                            contents?.Apply(frame.Changes);
                        }

                        yield return frame;
                    }
                }
            }
            finally
            {
                await connection.DisposeAsync();
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (resumeRefused)
            {
                resnapshot = true;
                continue;
            }

            // The stream ended without an error from the server: the connection was lost.
            if (++attempt > _options.MaxReconnectAttempts)
                throw new StreamSqlException($"lost the connection to {_hub} and could not resume after {_options.MaxReconnectAttempts} attempts");
            Reconnects++;
            var delays = _options.ReconnectDelays;
            await Task.Delay(delays.Count == 0 ? TimeSpan.Zero : delays[Math.Min(attempt - 1, delays.Count - 1)], cancellationToken);
        }
    }

    /// <summary>
    /// The next frame; (null, false) when the connection was lost; (null, true) when the server refused to
    /// resume (55000) and <paramref name="canResnapshot"/>; any other server error becomes <see cref="StreamSqlException"/>.
    /// </summary>
    private static async ValueTask<(Frame? Frame, bool ResumeRefused)> NextAsync(IAsyncEnumerator<Frame> frames, bool canResnapshot, CancellationToken cancellationToken)
    {
        try
        {
            return (await frames.MoveNextAsync() ? frames.Current : null, false);
        }
        catch (HubException e) when (e.Message.Contains("ERROR 57P01", StringComparison.Ordinal))
        {
            // The server is shutting down: reconnect and resume like after a lost connection.
            return (null, false);
        }
        catch (HubException e) when (canResnapshot && e.Message.Contains("ERROR 55000", StringComparison.Ordinal))
        {
            return (null, true);
        }
        catch (HubException e)
        {
            throw new StreamSqlException(ServerMessage(e.Message), e);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, false);
        }
    }

    /// <summary>The rows delivered so far, as a multiset keyed by their JSON text.</summary>
    private sealed class Contents
    {
        private readonly Dictionary<string, (JsonElement[] Row, int Count)> _rows = new(StringComparer.Ordinal);

        public void Apply(IEnumerable<FrameChange> changes)
        {
            foreach (var change in changes)
            {
                var key = Key(change.Row);
                var count = (_rows.TryGetValue(key, out var entry) ? entry.Count : 0) + change.Diff;
                if (count <= 0)
                    _rows.Remove(key);
                else
                    _rows[key] = (change.Row, count);
            }
        }

        /// <summary>Replaces the contents with a snapshot; returns the changes from the old contents to it.</summary>
        public FrameChange[] Replace(IEnumerable<FrameChange> snapshot)
        {
            var next = new Contents();
            next.Apply(snapshot);
            var diff = new List<FrameChange>();
            foreach (var (key, (row, count)) in _rows)
            {
                var now = next._rows.TryGetValue(key, out var e) ? e.Count : 0;
                for (var i = now; i < count; i++)
                    diff.Add(new FrameChange(-1, row));
            }

            foreach (var (key, (row, count)) in next._rows)
            {
                var before = _rows.TryGetValue(key, out var e) ? e.Count : 0;
                for (var i = before; i < count; i++)
                    diff.Add(new FrameChange(1, row));
            }

            _rows.Clear();
            foreach (var (key, value) in next._rows)
                _rows[key] = value;
            return [.. diff];
        }

        private static string Key(JsonElement[] row) => string.Join('\u001f', row.Select(v => v.GetRawText()));
    }

    /// <summary>Connects, retrying with the configured delays while the server is unreachable.</summary>
    private async Task<HubConnection> ConnectAsync(int attempt, CancellationToken cancellationToken)
    {
        while (true)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(_hub, o =>
                {
                    if (_options.AccessToken is { } token)
                        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                    else if (_options.User is { } user)
                        o.Headers["Authorization"] = new AuthenticationHeaderValue("Basic",
                            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_options.Password}"))).ToString();
                })
                .Build();
            try
            {
                await connection.StartAsync(cancellationToken);
                return connection;
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.WebSockets.WebSocketException or IOException or TimeoutException)
            {
                await connection.DisposeAsync();
                if (e is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized })
                    throw new StreamSqlException($"the server at {_hub} refused the credentials (401)", e);
                if (++attempt > _options.MaxReconnectAttempts)
                    throw new StreamSqlException($"cannot connect to {_hub}: {e.Message}", e);
                Reconnects++;
                var delays = _options.ReconnectDelays;
                await Task.Delay(delays.Count == 0 ? TimeSpan.Zero : delays[Math.Min(attempt - 1, delays.Count - 1)], cancellationToken);
            }
        }
    }

    /// <summary>SignalR prefixes a hub error with its own words; keep the server's ("ERROR 42P01: ...").</summary>
    private static string ServerMessage(string message)
    {
        var at = message.IndexOf("ERROR ", StringComparison.Ordinal);
        return at >= 0 ? message[at..] : message;
    }

    /// <summary>Nothing to release: each subscription owns its connection.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
