using System.Diagnostics;
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
        Assert.Equal([("bad", "expected 3 fields separated by ':', found 1", $"{t0.AddSeconds(1).Ticks}/6/b.txt")], errors.Reports);
        Assert.Contains("(1,2,3)\n...\n", console.ToString());
        Assert.Contains("(7,8,9)\n\n", console.ToString());
    }
}
