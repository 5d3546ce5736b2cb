using System.Net;
using System.Net.Sockets;
using System.Text;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Connectors.Socket;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class SocketSourceTests
{
    private static readonly RowSchema Schema = Rows.Schema(("line", DataType.Text));

    private static TcpListener Listen(int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return listener;
    }

    private static SocketSource Source(int port, int buffer = 10_000, RecordFormat? format = null, RowSchema? schema = null) =>
        new(new SocketSourceOptions("127.0.0.1", port, format ?? RecordFormat.Text)
        {
            BufferRecords = buffer,
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(40),
        }, schema ?? Schema);

    private static async Task Send(Socket client, string text) =>
        await client.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);

    [Fact]
    public async Task Reads_lines_and_counts_them_as_its_position()
    {
        using var listener = Listen();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var source = Source(port);
        var driver = new SourceDriver(source, Schema);
        using var client = await listener.AcceptSocketAsync().WaitAsync(SourceDriver.Patience);
        await Send(client, "hello world\r\nsecond ");
        await Send(client, "line\n\nthird\n");
        await driver.PollUntilAsync(d => d.Rows.Count >= 4);
        Assert.Equal(["hello world", "second line", "", "third"], driver.Rows);
        Assert.Equal("4", driver.Position.Value);
        Assert.False(source.IsExhausted);
        Assert.Equal(1, source.Connections);
    }

    [Fact]
    public async Task Reconnects_when_the_server_closes_and_when_it_goes_away_and_comes_back()
    {
        using var listener = Listen();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var source = Source(port);
        var driver = new SourceDriver(source, Schema);

        using (var first = await listener.AcceptSocketAsync().WaitAsync(SourceDriver.Patience))
        {
            // The last line before the server closes counts even without a line feed.
            await Send(first, "a\nb");
            first.Shutdown(SocketShutdown.Both);
        }
        await driver.PollUntilAsync(d => d.Rows.Count >= 2);

        using (var second = await listener.AcceptSocketAsync().WaitAsync(SourceDriver.Patience))
        {
            await Send(second, "c\n");
            await driver.PollUntilAsync(d => d.Rows.Count >= 3);
            second.Shutdown(SocketShutdown.Both);
        }

        // The server goes away: connection attempts fail and back off, then it comes back on the same port.
        listener.Stop();
        int failedBefore = source.FailedAttempts;
        await SourceDriver.WaitForAsync(() => source.FailedAttempts >= failedBefore + 3, "failed connection attempts");
        using var again = Listen(port);
        using (var third = await again.AcceptSocketAsync().WaitAsync(SourceDriver.Patience))
        {
            await Send(third, "d\n");
            await driver.PollUntilAsync(d => d.Rows.Count >= 4);
        }
        Assert.Equal(["a", "b", "c", "d"], driver.Rows);
        Assert.Equal("4", driver.Position.Value);
        Assert.True(source.Connections >= 3, $"{source.Connections} connections");
    }

    [Fact]
    public async Task A_restart_continues_the_record_count_and_a_csv_header_starts_each_connection()
    {
        using var listener = Listen();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var schema = Rows.Schema(("k", DataType.Text), ("v", DataType.Int32));
        await using var source = Source(port, format: RecordFormat.Csv with { Header = true }, schema: schema);
        var driver = new SourceDriver(source, schema, new SourcePosition("10"));
        using var client = await listener.AcceptSocketAsync().WaitAsync(SourceDriver.Patience);
        await Send(client, "k,v\na,1\nb,x\nc,3\n");
        await driver.PollUntilAsync(d => d.Rows.Count >= 2);
        Assert.Equal(["a|1", "c|3"], driver.Rows);
        Assert.Equal("13", driver.Position.Value);
        Assert.Equal([("b,x", "column \"v\": invalid input syntax for type integer: \"x\"", "11")], driver.Errors.Reports);
    }

    [Fact]
    public async Task A_full_buffer_stops_the_reading_until_someone_polls()
    {
        using var listener = Listen();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var source = Source(port, buffer: 3);
        var driver = new SourceDriver(source, Schema);
        using var client = await listener.AcceptSocketAsync().WaitAsync(SourceDriver.Patience);
        await Send(client, string.Concat(Enumerable.Range(1, 20).Select(i => $"{i}\n")));
        await SourceDriver.WaitForAsync(() => source.BufferedRecords == 3, "the buffer to fill");
        await Task.Delay(100);
        Assert.Equal(3, source.BufferedRecords);
        Assert.Equal(["1", "2", "3"], driver.Poll(maxRows: 100));
        await driver.PollUntilAsync(d => d.Rows.Count >= 20);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString()), driver.Rows);
    }

    [Fact]
    public async Task A_position_that_is_not_a_count_is_refused()
    {
        await using var source = Source(9);
        var e = Assert.Throws<SqlStateException>(() => new SourceDriver(source, Schema, new SourcePosition("1/2/x")));
        Assert.Equal("invalid socket source position '1/2/x': expected a record count", e.Message);
    }

    [Fact]
    public async Task Polling_before_start_and_starting_twice_are_refused()
    {
        await using var source = Source(9);
        Assert.Throws<InvalidOperationException>(() => source.Poll(new BatchBuilder(Schema.Types), 10));
        _ = new SourceDriver(source, Schema);
        Assert.Throws<InvalidOperationException>(() => new SourceDriver(source, Schema));
    }

    [Fact]
    public void Back_off_doubles_up_to_its_cap_and_starts_over_after_a_connection()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));
        var delays = Enumerable.Range(0, 5).Select(_ => (int)backoff.NextDelay().TotalMilliseconds).ToList();
        Assert.Equal([100, 200, 400, 500, 500], delays);
        backoff.Reset();
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.NextDelay());
    }

    [Theory]
    [InlineData("host", "h", "connector socket requires option 'port'; valid options: host, port, on_error, max_rows_per_epoch, idle_timeout")]
    [InlineData("port", "9999", "connector socket requires option 'host'; valid options: host, port, on_error, max_rows_per_epoch, idle_timeout")]
    [InlineData("path", "/x", "unknown option 'path' for connector socket; valid options: host, port, on_error, max_rows_per_epoch, idle_timeout")]
    [InlineData("port", "70000", "invalid value '70000' for option 'port' of connector socket; expected a whole number from 1 to 65535")]
    [InlineData("host", " ", "invalid value ' ' for option 'host' of connector socket; expected a host name or IP address")]
    public void Bad_options_are_22023_errors_naming_the_valid_options(string key, string value, string message)
    {
        var e = Assert.Throws<SqlStateException>(() => new SocketSource(new Dictionary<string, string> { [key] = value }, null, null, Schema));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Reads_good_options()
    {
        var options = SocketSourceOptions.Parse(
            new Dictionary<string, string> { ["connector"] = "socket", ["Host"] = "localhost", ["PORT"] = " 9999 " }, null, null);
        Assert.Equal(("localhost", 9999, RecordFormat.Text), (options.Host, options.Port, options.Format));
        Assert.Equal(RecordFormat.Json, SocketSourceOptions.Parse(
            new Dictionary<string, string> { ["host"] = "h", ["port"] = "1", ["on_error"] = "fail" }, "json", null).Format);
    }
}
