using StreamSql.Runtime.Connectors.Generator;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;
using StreamSql.Runtime.Tests.Support;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Sources;

public class GeneratorSourceTests
{
    private static readonly Data.RowSchema S = Schema(("id", DataType.Int64), ("v", DataType.Int32), ("name", DataType.Text), ("ts", DataType.Timestamp));


    private static GeneratorSourceOptions Options(params (string Key, string Value)[] with) =>
        GeneratorSourceOptions.Parse(with.ToDictionary(w => w.Key, w => w.Value), S);

    private static List<string> Run(GeneratorSourceOptions options, ManualTime time, int seconds)
    {
        var rt = new StreamingRuntime(time: time);
        rt.CreateSource(new SourceDefinition("g", S), new GeneratorSource(options));
        rt.CreateMaterializedView("v", new SourceScanNode("g", S));
        time.Now += TimeSpan.FromSeconds(seconds);
        rt.RunEpoch();
        return [.. rt.ReadRelation("v").Rows.Select(Render).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void SequencesCountFromStartAndBoundTheSource()
    {
        var options = Options(("connector", "generator"), ("rows_per_second", "2"), ("fields.id.kind", "sequence"), ("fields.id.start", "5"),
            ("fields.id.end", "7"), ("fields.v.min", "1"), ("fields.v.max", "3"), ("fields.name.length", "4"));
        var time = new ManualTime();
        var rows = Run(options, time, 10);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["5", "6", "7"], rows.Select(r => r.Split('|')[0]));
        Assert.All(rows, r => Assert.InRange(int.Parse(r.Split('|')[1]), 1, 3));
        Assert.All(rows, r => Assert.Equal(4, r.Split('|')[2].Length));
    }

    [Fact]
    public void ASourceIsNotReadUntilSomethingReadsIt()
    {
        // Epochs that run before the first view over a source must not consume its records.
        var options = Options(("rows_per_second", "2"), ("fields.id.kind", "sequence"), ("fields.id.start", "1"), ("fields.id.end", "4"));
        var time = new ManualTime();
        var rt = new StreamingRuntime(time: time);
        rt.CreateSource(new SourceDefinition("g", S), new GeneratorSource(options));
        time.Now += TimeSpan.FromSeconds(10);
        rt.RunEpoch();
        Assert.False(rt.HasPendingInput);
        Assert.True(rt.IsIdle);
        rt.CreateMaterializedView("v", new SourceScanNode("g", S));
        Assert.True(rt.HasPendingInput);
        rt.RunEpoch();
        Assert.Equal(["1", "2", "3", "4"], rt.ReadRelation("v").Rows.Select(r => Render(r).Split('|')[0]).Order(StringComparer.Ordinal));
        Assert.True(rt.IsIdle);
    }

    [Fact]
    public void TheRateLimitsRowsPerElapsedSecond()
    {
        var time = new ManualTime();
        var rows = Run(Options(("rows_per_second", "5")), time, 2);
        Assert.Equal(10, rows.Count);
    }

    [Fact]
    public void TheSameSeedGivesTheSameRowsAndAnotherSeedOthers()
    {
        var a = Run(Options(("seed", "7"), ("rows_per_second", "100")), new ManualTime(), 1);
        var b = Run(Options(("seed", "7"), ("rows_per_second", "100")), new ManualTime(), 1);
        var c = Run(Options(("seed", "8"), ("rows_per_second", "100")), new ManualTime(), 1);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ResumingFromALoggedPositionContinuesTheSequence()
    {
        var source = new GeneratorSource(Options(("rows_per_second", "0"), ("fields.id.kind", "sequence"), ("fields.id.end", "9")));
        var context = new Runtime.Connectors.SourceContext("g", S, new Runtime.Connectors.SourcePosition("7"), new NoErrors(), TimeProvider.System, default);
        source.Start(context);
        var builder = new Data.BatchBuilder(S.Types);
        Assert.Equal("10", source.Poll(builder, 100).Value);
        using var batch = builder.Build();
        Assert.Equal([7L, 8L, 9L], batch.Rows().Select(r => (long)r.Row[0]!));
        Assert.True(source.IsExhausted);
    }

    [Fact]
    public void UnknownOptionsAndBadValuesAreErrorsNamingTheValidOptions()
    {
        var unknown = Assert.Throws<SqlStateException>(() => Options(("speed", "1")));
        Assert.Equal("22023", unknown.SqlState);
        Assert.Contains("rows_per_second", unknown.Message);
        Assert.Equal("22023", Assert.Throws<SqlStateException>(() => Options(("fields.nope.kind", "random"))).SqlState);
        Assert.Equal("22023", Assert.Throws<SqlStateException>(() => Options(("fields.id.kind", "zigzag"))).SqlState);
        Assert.Equal("22023", Assert.Throws<SqlStateException>(() => Options(("rows_per_second", "-1"))).SqlState);
    }

    private sealed class NoErrors : Runtime.Connectors.ISourceErrorSink
    {
        public void Report(string raw, string error, Runtime.Connectors.SourcePosition position) => throw new InvalidOperationException(error);
    }
}
