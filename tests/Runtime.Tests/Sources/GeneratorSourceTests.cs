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

    [Theory]
    [InlineData("fields.id.start", "abc", "fields.id.start", "'start' applies to sequences (set 'fields.id.kind' = 'sequence')")]
    [InlineData("fields.name.min", "1", "fields.name.min", "a random text field (\"name\") takes 'length', not 'min'")]
    [InlineData("fields.v.length", "3", "fields.v.length", "'length' applies to random text fields")]
    [InlineData("fields.v.max", "99999999999", "fields.v.max", "expected a whole number from -2147483648 to 2147483647 (the range of integer)")]
    [InlineData("fields.v.min", "5000", "fields.v.min", "max ('1000' by default) is below min ('5000'); expected min <= max")]
    [InlineData("fields.ts.min", "yesterday-ish", "fields.ts.min", "expected a timestamp such as")]
    [InlineData("fields.v.start", "1", "fields.v.start", "'start' applies to sequences")]
    [InlineData("fields.v.kind", "zigzag", "fields.v.kind", "expected 'sequence' or 'random'")]
    public void FieldOptionsAreCheckedAgainstTheColumnTypes(string key, string value, string option, string message)
    {
        var problem = GeneratorSourceOptions.Check(new Dictionary<string, string> { [key] = value }, S);
        Assert.NotNull(problem);
        Assert.Equal(option, problem.Option);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        var e = Assert.Throws<SqlStateException>(() => Options((key, value)));
        Assert.Equal("22023", e.SqlState);
        Assert.Contains(option, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SequenceBoundsMustBeInOrderAndWithinTheColumnType()
    {
        var backwards = GeneratorSourceOptions.Check(new Dictionary<string, string> { ["fields.id.kind"] = "sequence", ["fields.id.start"] = "10", ["fields.id.end"] = "1" }, S);
        Assert.Equal("fields.id.end", backwards?.Option);
        var small = Schema(("n", DataType.Int16));
        var outside = GeneratorSourceOptions.Check(new Dictionary<string, string> { ["fields.n.kind"] = "sequence", ["fields.n.start"] = "40000" }, small);
        Assert.Equal("fields.n.start", outside?.Option);
        Assert.Contains("from -32768 to 32767", outside!.Message, StringComparison.Ordinal);
        Assert.Equal("fields.id.min", GeneratorSourceOptions.Check(new Dictionary<string, string> { ["fields.id.kind"] = "sequence", ["fields.id.min"] = "1" }, S)?.Option);
        Assert.Null(GeneratorSourceOptions.Check(new Dictionary<string, string> { ["fields.id.kind"] = "sequence", ["fields.id.start"] = "1", ["fields.id.end"] = "1" }, S));
    }

    [Theory]
    [InlineData(TypeKind.Jsonb)]
    [InlineData(TypeKind.Interval)]
    public void ColumnsTheGeneratorCannotFillAreRefused(TypeKind kind)
    {
        var type = kind == TypeKind.Jsonb ? DataType.Jsonb : DataType.Interval;
        var schema = Schema(("id", DataType.Int64), ("x", type));
        var bare = GeneratorSourceOptions.Check(new Dictionary<string, string>(), schema);
        Assert.Equal("connector", bare?.Option);
        Assert.Contains($"column \"x\" has type {type}, which the generator cannot fill", bare!.Message, StringComparison.Ordinal);
        Assert.Equal("fields.x.kind", GeneratorSourceOptions.Check(new Dictionary<string, string> { ["fields.x.kind"] = "random" }, schema)?.Option);
    }

    [Fact]
    public void A_sequence_without_an_end_ends_at_its_types_largest_value()
    {
        var small = Schema(("n", DataType.Int16));
        var options = GeneratorSourceOptions.Parse(new Dictionary<string, string> { ["rows_per_second"] = "0", ["fields.n.kind"] = "sequence", ["fields.n.start"] = "32760" }, small);
        var rt = new StreamingRuntime(time: new ManualTime());
        var source = new GeneratorSource(options);
        rt.CreateSource(new SourceDefinition("g", small), source);
        rt.CreateMaterializedView("v", new SourceScanNode("g", small));
        for (int i = 0; i < 3; i++)
            rt.RunEpoch();
        Assert.Equal(Enumerable.Range(32760, 8).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            rt.ReadRelation("v").Rows.Select(Render).Order(StringComparer.Ordinal));
        Assert.True(source.IsExhausted);
        Assert.True(rt.IsIdle);
    }

    private sealed class NoErrors : Runtime.Connectors.ISourceErrorSink
    {
        public void Report(string raw, string error, Runtime.Connectors.SourcePosition position) => throw new InvalidOperationException(error);
    }
}
