using System.Diagnostics;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Console;
using StreamSql.Runtime.Connectors.Directory;
using StreamSql.Runtime.Connectors.Files;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

/// <summary>The connectors under the runtime's scheduler: files in, epochs out, until idle.</summary>
public sealed class ConnectorPipelineTests
{
    [Fact]
    public async Task Lines_from_files_reach_the_file_and_console_sinks_once_each()
    {
        using var input = new TempFolder();
        using var output = new TempFolder();
        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        input.MoveIn("a.txt", "1:2:3\n4:5:6\n", t0);
        input.MoveIn("b.txt", "7:8:9\nbad\n", t0.AddSeconds(1));

        var schema = Rows.Schema(("x", DataType.Float64), ("y", DataType.Float64), ("z", DataType.Float64));
        var errors = new ErrorCollector();
        var console = new StringWriter();
        await using var runtime = new StreamingRuntime(new RuntimeOptions { MaxRowsPerEpoch = 2 });
        var source = new DirectorySource(new Dictionary<string, string> { ["path"] = input.Path }, "TEXT",
            new Dictionary<string, string> { ["delimiter"] = ":" }, schema);
        runtime.CreateSource(new SourceDefinition("points", schema), source, errors);
        var scan = new SourceScanNode("points", schema);
        runtime.CreateSink("files", scan, new FileSink(new Dictionary<string, string> { ["path"] = output.Path }, "CSV", null, withDiff: false));
        runtime.CreateSink("screen", scan, new ConsoleSink(new Dictionary<string, string> { ["rows"] = "1" }, console));

        var clock = Stopwatch.StartNew();
        while (!runtime.IsIdle)
        {
            Assert.True(clock.Elapsed < SourceDriver.Patience, "timed out waiting for the pipeline to go idle");
            if (runtime.HasPendingInput)
                runtime.RunEpoch();
            else
                await Task.Delay(5);
        }

        var written = Directory.EnumerateFiles(output.Path, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines)
            .ToList();
        Assert.Equal(["1,2,3", "4,5,6", "7,8,9"], written);
        Assert.All(Directory.EnumerateDirectories(output.Path), d => Assert.StartsWith("epoch=", Path.GetFileName(d)));
        Assert.Equal(2, Directory.EnumerateDirectories(output.Path).Count());
        Assert.Equal([("bad", "expected 3 fields separated by ':', found 1", "b.txt:2")], errors.Reports);
        Assert.Contains("(1,2,3)\n...\n", console.ToString());
        Assert.Contains("(7,8,9)\n\n", console.ToString());
    }

    /// <summary>on_error = 'fail': the error sink refuses the record.</summary>
    private sealed class FailingErrorSink : ISourceErrorSink
    {
        public void Report(string raw, string error, SourcePosition position) =>
            throw new SqlStateException("22P02", $"source \"f\" stopped at a bad record ({position.Value}): {error}");
    }

    [Fact]
    public async Task A_source_that_fails_at_a_bad_record_stops_there_and_the_runtime_goes_on()
    {
        using var input = new TempFolder();
        using var output = new TempFolder();
        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        input.MoveIn("a.json", "{\"a\":1}\nbad\n{\"a\":2}\n", t0);
        input.MoveIn("b.json", "{\"a\":3}\n", t0.AddSeconds(1));
        var schema = Rows.Schema(("a", DataType.Int64));
        await using var runtime = new StreamingRuntime(new RuntimeOptions());
        var stopped = new List<string>();
        runtime.SourceStopped += (name, error) => stopped.Add(name + ": " + error.Message);
        runtime.CreateSource(new SourceDefinition("f", schema),
            new DirectorySource(new Dictionary<string, string> { ["path"] = input.Path }, "JSON", null, schema), new FailingErrorSink());
        runtime.CreateTable(new TableDefinition("t", schema));
        runtime.CreateSink("files", new SourceScanNode("f", schema), new FileSink(new Dictionary<string, string> { ["path"] = output.Path }, "CSV", null, withDiff: false));

        var clock = Stopwatch.StartNew();
        while (!runtime.IsIdle)
        {
            Assert.True(clock.Elapsed < SourceDriver.Patience, "timed out waiting for the pipeline to go idle");
            if (runtime.HasPendingInput)
                runtime.RunEpoch();
            else
                await Task.Delay(5);
        }
        await Task.Delay(300);
        Assert.False(runtime.HasPendingInput);

        var written = Directory.EnumerateFiles(output.Path, "*", SearchOption.AllDirectories).SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(["1"], written);
        // The bad record is said by file and line; the source resumes by bytes, right before it.
        var position = $"{t0.Ticks}/8/a.json";
        Assert.Equal(["f: source \"f\" stopped at a bad record (a.json:2): "], stopped.Select(s => s[..s.IndexOf("): ", StringComparison.Ordinal)] + "): "));
        var (name, error) = Assert.Single(runtime.StoppedSources());
        Assert.Equal("f", name);
        Assert.Equal("22P02", error.SqlState);
        Assert.Equal(error.Message, Assert.Single(runtime.GetWatermarks(), s => s.Name == "f").StoppedBy);
        Assert.Equal(position, runtime.SourcePositions()["f"].Value);

        // The rest of the runtime goes on.
        runtime.Insert("t", [[5L]]);
        runtime.RunEpoch();
        Assert.Single(runtime.Query(new TableScanNode("t", schema)).Rows);
    }
}
