using System.Collections.Immutable;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Kafka;
using StreamSql.Runtime.Data;

namespace StreamSql.Kafka.Tests;

/// <summary>Starts a source and polls it as the scheduler would, with a deadline so a test never hangs.</summary>
public sealed class SourceDriver : IAsyncDisposable
{
    private readonly BatchBuilder builder;

    public SourceDriver(KafkaSource source, SourcePosition? start = null, TimeProvider? time = null)
    {
        Source = source;
        builder = new BatchBuilder(source.Schema.Types);
        source.Start(new SourceContext("s", source.Schema, start, Errors, time ?? TimeProvider.System, CancellationToken.None));
    }

    public KafkaSource Source { get; }

    public RecordingErrors Errors { get; } = new();

    public SourcePosition Position { get; private set; } = SourcePosition.None;

    /// <summary>Polls until <paramref name="rows"/> rows (plus reported errors, when counted) arrived; fails after the timeout.</summary>
    public List<object?[]> Take(int rows, int maxRowsPerPoll = 1000, bool countErrors = false, int timeoutSeconds = 30)
    {
        var result = new List<object?[]>();
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        int errorsBefore = Errors.Reports.Count;
        while (result.Count + (countErrors ? Errors.Reports.Count - errorsBefore : 0) < rows)
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"only {result.Count} of {rows} rows arrived in {timeoutSeconds} s; last error: {Source.LastError}");
            if (!Source.HasPending)
            {
                Thread.Sleep(20);
                continue;
            }
            int want = Math.Min(maxRowsPerPoll, rows - result.Count);
            Position = Source.Poll(builder, want);
            using var batch = builder.Build();
            foreach (var (row, weight) in batch.Rows())
            {
                Assert.Equal(1, weight);
                result.Add(row);
            }
        }
        return result;
    }

    /// <summary>Asserts nothing more arrives within <paramref name="wait"/>.</summary>
    public void AssertNothingMore(TimeSpan wait)
    {
        Thread.Sleep(wait);
        Assert.False(Source.HasPending);
    }

    public ValueTask DisposeAsync() => Source.DisposeAsync();

    public static ImmutableDictionary<string, string> With(string bootstrap, string topic, params (string Key, string Value)[] more)
    {
        var options = ImmutableDictionary.CreateBuilder<string, string>();
        options["connector"] = "kafka";
        options["topic"] = topic;
        options["bootstrap.servers"] = bootstrap;
        foreach (var (k, v) in more)
            options[k] = v;
        return options.ToImmutable();
    }
}
