using System.Diagnostics;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Tests.Connectors;

/// <summary>Starts a source and polls it the way the scheduler does, collecting rows, with bounded waits.</summary>
internal sealed class SourceDriver
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly ISource source;
    private readonly BatchBuilder builder;

    public SourceDriver(ISource source, RowSchema schema, SourcePosition? start = null)
    {
        this.source = source;
        builder = new BatchBuilder(schema.Types, 16);
        source.Start(new SourceContext("src", schema, start, Errors, TimeProvider.System, CancellationToken.None));
    }

    public ErrorCollector Errors { get; } = new();

    public List<string> Rows { get; } = [];

    public SourcePosition Position { get; private set; } = SourcePosition.None;

    /// <summary>One poll of at most <paramref name="maxRows"/> rows; returns the rows it gave.</summary>
    public List<string> Poll(int maxRows = 1000)
    {
        Position = source.Poll(builder, maxRows);
        using var batch = builder.Build();
        var rows = Connectors.Rows.Show(batch);
        Rows.AddRange(rows);
        return rows;
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails the test after <see cref="Patience"/>.</summary>
    public async Task PollUntilAsync(Func<SourceDriver, bool> done, int maxRows = 1000)
    {
        var clock = Stopwatch.StartNew();
        while (!done(this))
        {
            Assert.True(clock.Elapsed < Patience, $"timed out; rows so far: {string.Join(", ", Rows)}");
            Poll(maxRows);
            await Task.Delay(5);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds without polling.</summary>
    public static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, "timed out waiting for " + what);
            await Task.Delay(5);
        }
    }
}
