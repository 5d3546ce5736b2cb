using System.Collections.Immutable;
using StreamSql.Runtime;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Nexmark;
using StreamSql.Runtime.Types;

namespace StreamSql.Nexmark.Tests;

public sealed class SourceTests
{
    private sealed class NoErrors : ISourceErrorSink
    {
        public void Report(string raw, string error, SourcePosition position) =>
            throw new InvalidOperationException("the generator never produces bad records");
    }

    private static SourceContext Context(RowSchema schema, string? position = null) =>
        new("bid", schema, position is null ? null : new SourcePosition(position), new NoErrors(), TimeProvider.System, CancellationToken.None);

    private static Dictionary<string, string> Opts(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Parses_every_option()
    {
        var o = NexmarkSourceOptions.Parse(Opts(("connector", "nexmark"), ("TABLE", "Bid"), ("events", "1000"), ("rate", "2.5e6"), ("seed", "-4")));
        Assert.Equal(NexmarkTable.Bid, o.Table);
        Assert.Equal(1000, o.Events);
        Assert.Equal(2_500_000, o.Config.EventsPerSecond);
        Assert.Equal(-4, o.Config.Seed);
        var d = NexmarkSourceOptions.Parse(Opts(("table", "person")));
        Assert.Null(d.Events);
        Assert.Equal(10_000, d.Config.EventsPerSecond);
        Assert.Equal(0, d.Config.Seed);
    }

    [Theory]
    [InlineData("table", "bids", "invalid value 'bids' for option 'table' of connector nexmark; valid: 'person', 'auction', 'bid'")]
    [InlineData("events", "-1", "invalid value '-1' for option 'events' of connector nexmark; expected a whole number of events, 0 or more")]
    [InlineData("events", "ten", "invalid value 'ten' for option 'events' of connector nexmark; expected a whole number of events, 0 or more")]
    [InlineData("rate", "0", "invalid value '0' for option 'rate' of connector nexmark; expected a positive number of events per second")]
    [InlineData("seed", "1.5", "invalid value '1.5' for option 'seed' of connector nexmark; expected a whole number")]
    [InlineData("speed", "1", "unknown option 'speed' for connector nexmark; valid options: table, events, rate, seed")]
    public void Rejects_a_bad_option_naming_it_and_what_is_valid(string key, string value, string message)
    {
        var options = Opts(("table", "bid"));
        options[key] = value;
        var e = Assert.Throws<SqlStateException>(() => NexmarkSourceOptions.Parse(options));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Requires_the_table_option()
    {
        var e = Assert.Throws<SqlStateException>(() => NexmarkSourceOptions.Parse(Opts(("events", "5"))));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal("connector nexmark requires option 'table' ('person', 'auction' or 'bid'); valid options: table, events, rate, seed", e.Message);
    }

    [Fact]
    public void Rejects_an_unknown_column_and_a_wrong_type()
    {
        var options = NexmarkSourceOptions.Parse(Opts(("table", "bid")));
        var unknown = Assert.Throws<SqlStateException>(() => new NexmarkSource(options, RowSchema.Of(("auction", DataType.Int64), ("seller", DataType.Int64))));
        Assert.Equal("42703", unknown.SqlState);
        Assert.Equal("column \"seller\" is not a column of nexmark table bid", unknown.Message);
        Assert.Equal("valid columns: auction, bidder, price, channel, url, date_time, extra", unknown.Hint);
        var wrong = Assert.Throws<SqlStateException>(() => new NexmarkSource(options, RowSchema.Of(("price", DataType.Int32))));
        Assert.Equal("42804", wrong.SqlState);
        Assert.Equal("column \"price\" of nexmark table bid is bigint, not integer", wrong.Message);
    }

    [Fact]
    public void Polls_declared_columns_in_declared_order_up_to_max_rows_and_resumes_from_its_position()
    {
        var options = NexmarkSourceOptions.Parse(Opts(("table", "bid"), ("events", "1000")));
        var schema = RowSchema.Of(("date_time", DataType.TimestampTz), ("price", DataType.Int64), ("channel", DataType.Text));
        var source = new NexmarkSource(options, schema);
        source.Start(Context(schema));
        Assert.True(source.HasPending);
        Assert.False(source.IsExhausted);

        var builder = new BatchBuilder(schema.Types, 16);
        // A poll covers at most as many events as rows asked for: 112 events hold 100 bids
        // (two groups of 46, then 8 after the person and three auctions of event 100).
        var position = source.Poll(builder, 112);
        Assert.Equal(100, builder.Count);
        Assert.Equal("112", position.Value);
        position = source.Poll(builder, 10_000);
        Assert.Equal("1000", position.Value);
        Assert.Equal(920, builder.Count);
        Assert.False(source.HasPending);
        Assert.True(source.IsExhausted);
        using var batch = builder.Build();

        var expected = NexmarkEventSet.Generate(new NexmarkGenerator(new NexmarkConfig()), 1000);
        for (int i = 0; i < 920; i++)
        {
            Assert.Equal(expected.Bids.DateTime![i], batch.GetValue(0, i));
            Assert.Equal(expected.Bids.Price![i], batch.GetValue(1, i));
            Assert.Equal(expected.Bids.Channel![i], batch.GetValue(2, i));
            Assert.Equal(1, batch.Weights[i]);
        }

        var resumed = new NexmarkSource(options, schema);
        resumed.Start(Context(schema, "112"));
        var again = new BatchBuilder(schema.Types, 16);
        resumed.Poll(again, 5);
        using var tail = again.Build();
        Assert.Equal(5, tail.RowCount);
        for (int i = 0; i < 5; i++)
            Assert.Equal(expected.Bids.Price![100 + i], tail.GetValue(1, i));
    }

    [Fact]
    public void Columns_nobody_reads_can_be_left_out()
    {
        var options = NexmarkSourceOptions.Parse(Opts(("table", "bid"), ("events", "100")));
        var schema = NexmarkSchema.Bid;
        var source = new NexmarkSource(options, schema);
        source.RequireOnly([0, 2]);
        source.Start(Context(schema));
        var builder = new BatchBuilder(schema.Types, 128);
        source.Poll(builder, 100);
        using var batch = builder.Build();
        var expected = NexmarkEventSet.Generate(new NexmarkGenerator(new NexmarkConfig()), 100);
        Assert.Equal(92, batch.RowCount);
        for (int i = 0; i < 92; i++)
        {
            Assert.Equal(expected.Bids.Auction![i], batch.GetValue(0, i));
            Assert.Equal(expected.Bids.Price![i], batch.GetValue(2, i));
            Assert.Null(batch.GetValue(6, i));
        }
        source.RequireOnly(null);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => source.RequireOnly([7]));
        Assert.StartsWith("the source has 7 columns", e.Message);
    }

    [Fact]
    public void Rejects_a_position_that_is_not_an_event_number()
    {
        var options = NexmarkSourceOptions.Parse(Opts(("table", "person"), ("events", "10")));
        var schema = NexmarkSchema.Person;
        var source = new NexmarkSource(options, schema);
        var e = Assert.Throws<SqlStateException>(() => source.Start(Context(schema, "kafka:3")));
        Assert.Equal("invalid nexmark source position 'kafka:3': expected an event number", e.Message);
    }

    [Fact]
    public void Person_and_auction_tables_fill_every_column()
    {
        foreach (var table in new[] { NexmarkTable.Person, NexmarkTable.Auction })
        {
            var options = NexmarkSourceOptions.Parse(Opts(("table", NexmarkSchema.NameOf(table)), ("events", "500")));
            var schema = NexmarkSchema.Of(table);
            var source = new NexmarkSource(options, schema);
            source.Start(Context(schema));
            var builder = new BatchBuilder(schema.Types, 4);
            source.Poll(builder, 1_000);
            using var batch = builder.Build();
            Assert.Equal(table == NexmarkTable.Person ? 10 : 30, batch.RowCount);
            for (int c = 0; c < schema.Count; c++)
                Assert.NotNull(batch.GetValue(c, batch.RowCount - 1));
            Assert.Equal(1009L, batch.GetValue(0, 9));
        }
    }

    [Fact]
    public void An_unbounded_source_is_paced_by_the_clock()
    {
        var options = NexmarkSourceOptions.Parse(Opts(("table", "bid"), ("rate", "1000")));
        var schema = RowSchema.Of(("auction", DataType.Int64));
        var time = new ManualTime();
        var source = new NexmarkSource(options, schema);
        source.Start(new SourceContext("bid", schema, null, new NoErrors(), time, CancellationToken.None));
        var builder = new BatchBuilder(schema.Types, 16);
        Assert.False(source.HasPending);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(source.HasPending);
        Assert.Equal("100", source.Poll(builder, 10_000).Value);
        Assert.Equal(92, builder.Count);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("150", source.Poll(builder, 50).Value);
        Assert.Equal(92 + 46, builder.Count);
        Assert.False(source.IsExhausted);
    }

    [Fact]
    public async Task Tells_the_scheduler_when_rows_are_due()
    {
        var schema = RowSchema.Of(("price", DataType.Int64));
        int bounded = 0;
        var once = new NexmarkSource(NexmarkSourceOptions.Parse(Opts(("table", "bid"), ("events", "10"))), schema);
        once.Start(Context(schema) with { DataAvailable = () => Interlocked.Increment(ref bounded) });
        Assert.Equal(1, bounded);

        int paced = 0;
        var time = new ManualTime();
        var source = new NexmarkSource(NexmarkSourceOptions.Parse(Opts(("table", "bid"), ("rate", "1000"))), schema);
        source.Start(new SourceContext("bid", schema, null, new NoErrors(), time, CancellationToken.None)
        {
            DataAvailable = () => Interlocked.Increment(ref paced),
        });
        await Task.Delay(100);
        Assert.Equal(0, Volatile.Read(ref paced));
        time.Advance(TimeSpan.FromSeconds(1));
        for (int i = 0; i < 100 && Volatile.Read(ref paced) == 0; i++)
            await Task.Delay(20);
        Assert.True(Volatile.Read(ref paced) > 0);
        await source.DisposeAsync();
    }

    private sealed class ManualTime : TimeProvider
    {
        private long ticks;
        public void Advance(TimeSpan by) => ticks += by.Ticks;
        public override long GetTimestamp() => ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    [Fact]
    public void An_epoch_run_again_reads_up_to_its_logged_event_not_its_number_of_rows()
    {
        // 112 events hold 100 bids: an epoch that ended at event 112 had 100 rows, and its last
        // events were of other kinds; read by rows, the replay would stop at event 111 (or earlier).
        var options = NexmarkSourceOptions.Parse(Opts(("table", "bid"), ("events", "1000")));
        var schema = RowSchema.Of(("price", DataType.Int64));
        var source = new NexmarkSource(options, schema);
        source.Start(Context(schema));
        var end = new SourcePosition("112");
        Assert.False(source.HasReached(end));
        var builder = new BatchBuilder(schema.Types, 16);
        Assert.Equal("112", source.PollTo(builder, end).Value);
        Assert.Equal(100, builder.Count);
        Assert.True(source.HasReached(end));
        Assert.Equal("112", source.PollTo(builder, end).Value);
        Assert.Equal(100, builder.Count);
    }
}
