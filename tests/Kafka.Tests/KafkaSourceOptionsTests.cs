using StreamSql.Runtime;
using StreamSql.Runtime.Connectors.Kafka;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Kafka.Tests;

public sealed class KafkaSourceOptionsTests
{
    private static SqlStateException Fails(params (string, string)[] options)
    {
        var e = Assert.Throws<SqlStateException>(() => KafkaSourceOptions.Parse(SourceDriver.With("127.0.0.1:1", "t", options), null, null));
        Assert.Equal("22023", e.SqlState);
        return e;
    }

    [Fact]
    public void Defaults()
    {
        var o = KafkaSourceOptions.Parse(SourceDriver.With("h:1", "t"), null, null);
        Assert.Equal(("t", "h:1", KafkaStartup.Earliest, "JSON"), (o.Topic, o.BootstrapServers, o.Startup, o.Format.Name));
        Assert.Equal("streamsql-src", o.GroupFor("src"));
        Assert.Equal(TimeSpan.FromSeconds(30), o.IdleTimeout);
        Assert.Empty(o.Properties);
    }

    [Fact]
    public void OptionsAreRead()
    {
        var o = KafkaSourceOptions.Parse(SourceDriver.With("h:1", "t", ("group.id", "g"), ("startup", "LATEST"), ("idle_timeout", "5 seconds"),
            ("properties.fetch.min.bytes", "10"), ("on_error", "skip")), "csv", null);
        Assert.Equal(("g", KafkaStartup.Latest, TimeSpan.FromSeconds(5), "CSV"), (o.GroupId, o.Startup, o.IdleTimeout, o.Format.Name));
        Assert.Equal("10", o.Properties["fetch.min.bytes"]);
    }

    [Fact]
    public void UnknownOptionNamesTheValidOnes() =>
        Assert.Equal("unknown option 'partitions' for connector kafka; valid options: topic, bootstrap.servers, group.id, startup, properties.*, on_error, max_rows_per_epoch, idle_timeout",
            Fails(("partitions", "4")).Message);

    [Fact]
    public void MissingTopicAndServers()
    {
        var e = Assert.Throws<SqlStateException>(() => KafkaSourceOptions.Parse(new Dictionary<string, string> { ["bootstrap.servers"] = "h:1" }, null, null));
        Assert.StartsWith("connector kafka requires option 'topic'", e.Message);
        e = Assert.Throws<SqlStateException>(() => KafkaSourceOptions.Parse(new Dictionary<string, string> { ["topic"] = "t" }, null, null));
        Assert.StartsWith("connector kafka requires option 'bootstrap.servers'", e.Message);
    }

    [Fact]
    public void BadStartup() =>
        Assert.Equal("invalid value 'middle' for option 'startup' of connector kafka; valid: 'earliest', 'latest'", Fails(("startup", "middle")).Message);

    [Fact]
    public void BadIdleTimeout()
    {
        Assert.Contains("option 'idle_timeout'", Fails(("idle_timeout", "soon")).Message);
        Assert.Contains("positive interval", Fails(("idle_timeout", "1 month")).Message);
    }

    [Fact]
    public void UnknownLibrdkafkaPropertyIsNamed()
    {
        var e = Fails(("properties.fetch.min.bytes", "1"), ("properties.no.such.thing", "1"));
        Assert.StartsWith("invalid option 'properties.no.such.thing' of connector kafka: librdkafka: ", e.Message);
    }

    [Fact]
    public void BadLibrdkafkaValueIsNamed() =>
        Assert.StartsWith("invalid option 'properties.fetch.min.bytes' of connector kafka: librdkafka: ", Fails(("properties.fetch.min.bytes", "lots")).Message);

    [Fact]
    public void ReservedPropertiesAreRefused() =>
        Assert.Equal("option 'properties.enable.auto.commit' of connector kafka cannot be set: offsets are committed after each epoch commits",
            Fails(("properties.enable.auto.commit", "true")).Message);

    [Fact]
    public void EmptyGroup() => Assert.Contains("'group.id'", Fails(("group.id", " ")).Message);

    [Fact]
    public void MetadataColumnsMustHaveTheirTypes()
    {
        var options = KafkaSourceOptions.Parse(SourceDriver.With("h:1", "t"), null, null);
        var e = Assert.Throws<SqlStateException>(() => new KafkaSource(options, RowSchema.Of(("v", DataType.Text), ("_offset", DataType.Int32))));
        Assert.Equal("metadata column '_offset' of a kafka source must be declared BIGINT", e.Message);
        e = Assert.Throws<SqlStateException>(() => new KafkaSource(options, RowSchema.Of(("v", DataType.Text)), eventTimeColumn: "v"));
        Assert.Contains("TIMESTAMP", e.Message);
    }

    [Fact]
    public void PositionRoundTrips()
    {
        var p = KafkaPosition.Parse("2:7,0:15");
        Assert.Equal("0:15,2:7", p.ToSourcePosition().Value);
        Assert.Same(KafkaPosition.Empty, KafkaPosition.Parse(""));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0:x")]
    [InlineData("0:1,0:2")]
    [InlineData("-1:3")]
    public void MalformedPosition(string text)
    {
        var e = Assert.Throws<SqlStateException>(() => KafkaPosition.Parse(text));
        Assert.Equal("22023", e.SqlState);
        Assert.Contains($"'{text}'", e.Message);
    }
}
