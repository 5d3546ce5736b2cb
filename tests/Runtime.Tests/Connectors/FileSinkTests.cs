using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Files;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class FileSinkTests
{
    private static readonly RowSchema Schema = Rows.Schema(("k", DataType.Text), ("n", DataType.Int64));

    private static Batch Changes(params (string K, long N, int W)[] rows) =>
        Batch.FromRows(Schema.Types, rows.Select(r => (new object?[] { r.K, r.N }, r.W)));

    /// <summary>Every file under the folder (relative, '/'-separated, sorted) with its contents.</summary>
    private static List<string> Tree(TempFolder folder) =>
        [.. Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder.Path, f).Replace('\\', '/') + ": " + File.ReadAllText(f))
            .Order(StringComparer.Ordinal)];

    private static List<string> Folders(TempFolder folder) =>
        [.. Directory.EnumerateDirectories(folder.Path).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Each_epoch_is_a_folder_that_appears_only_on_commit()
    {
        using var folder = new TempFolder();
        using var sink = new FileSink(new Dictionary<string, string> { ["path"] = folder.Path }, "JSON", null, withDiff: false);
        sink.Open("out", Schema);
        using (var b = Changes(("a", 1, 1), ("b", 2, 2)))
            sink.Write(1, b);
        using (var b = Changes(("c", 3, 1)))
            sink.Write(1, b);

        Assert.Equal([".epoch=1.inprogress"], Folders(folder));
        Assert.DoesNotContain(Tree(folder), f => f.StartsWith("epoch=1", StringComparison.Ordinal));

        sink.Commit(1);
        Assert.Equal(["epoch=1/part-00000: {\"k\":\"a\",\"n\":1}\n{\"k\":\"b\",\"n\":2}\n{\"k\":\"b\",\"n\":2}\n{\"k\":\"c\",\"n\":3}\n"], Tree(folder));

        // An epoch without rows writes no folder.
        using (var empty = Changes())
            sink.Write(2, empty);
        sink.Commit(2);
        using (var b = Changes(("d", 4, 1)))
            sink.Write(3, 1, b);
        sink.Commit(3);
        Assert.Equal([
            "epoch=1/part-00000: {\"k\":\"a\",\"n\":1}\n{\"k\":\"b\",\"n\":2}\n{\"k\":\"b\",\"n\":2}\n{\"k\":\"c\",\"n\":3}\n",
            "epoch=3/part-00001: {\"k\":\"d\",\"n\":4}\n",
        ], Tree(folder));
        Assert.Equal(["epoch=1", "epoch=3"], Folders(folder));
    }

    [Fact]
    public void Staged_epochs_appear_only_when_a_checkpoint_covers_them()
    {
        using var folder = new TempFolder();
        using var sink = new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Csv));
        sink.StageUntilCheckpoint();
        sink.Open("out", Schema);
        for (long epoch = 1; epoch <= 3; epoch++)
        {
            using var b = Changes(("e" + epoch, epoch, 1));
            sink.Write(epoch, b);
            sink.Commit(epoch);
        }
        Assert.Equal([".staged-epoch=1", ".staged-epoch=2", ".staged-epoch=3"], Folders(folder));

        sink.CheckpointCompleted(2);
        Assert.Equal([".staged-epoch=3", "epoch=1", "epoch=2"], Folders(folder));
        Assert.Equal([".staged-epoch=3/epoch=3/part-00000: e3,3\n", "epoch=1/part-00000: e1,1\n", "epoch=2/part-00000: e2,2\n"], Tree(folder));
        sink.CheckpointCompleted(3);
        Assert.Equal(["epoch=1", "epoch=2", "epoch=3"], Folders(folder));
    }

    [Fact]
    public void After_a_crash_staged_epochs_the_checkpoint_covers_are_published_and_the_rest_discarded()
    {
        using var folder = new TempFolder();
        using (var crashed = new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Csv)))
        {
            crashed.StageUntilCheckpoint();
            crashed.Open("out", Schema);
            for (long epoch = 4; epoch <= 6; epoch++)
            {
                using var b = Changes(("e" + epoch, epoch, 1));
                crashed.Write(epoch, b);
                crashed.Commit(epoch);
            }
            using var unfinished = Changes(("e7", 7, 1));
            crashed.Write(7, unfinished);
            // The process dies here: nothing more runs (Dispose would clean up, a crash does not).
        }

        using var recovered = new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Csv));
        recovered.StageUntilCheckpoint();
        recovered.Open("out", Schema);
        recovered.Recovered(5);
        Assert.Equal(["epoch=4", "epoch=5"], Folders(folder));

        // The engine runs epoch 6 again from the checkpoint, with whatever it reads now.
        using (var again = Changes(("e6-again", 6, 1)))
            recovered.Write(6, again);
        recovered.Commit(6);
        recovered.CheckpointCompleted(6);
        Assert.Equal(["epoch=4/part-00000: e4,4\n", "epoch=5/part-00000: e5,5\n", "epoch=6/part-00000: e6-again,6\n"], Tree(folder));
    }

    [Fact]
    public void A_re_run_epoch_replaces_its_folder_and_leaves_no_temporary_files()
    {
        using var folder = new TempFolder();
        using (var sink = new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Csv)))
        {
            sink.Open("out", Schema);
            using var b = Changes(("old", 1, 1), ("old", 2, 1));
            sink.Write(5, b);
            sink.Commit(5);
        }
        // After a crash the epoch runs again, maybe in a new process: a half-written attempt is left behind first.
        Directory.CreateDirectory(folder.File(".epoch=5.inprogress"));
        File.WriteAllText(folder.File(".epoch=5.inprogress/part-00000"), "partial");
        using (var sink = new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Csv)))
        {
            sink.Open("out", Schema);
            Assert.Equal(["epoch=5"], Folders(folder));
            using var b = Changes(("new", 1, 1));
            sink.Write(5, b);
            sink.Commit(5);
        }
        Assert.Equal(["epoch=5/part-00000: new,1\n"], Tree(folder));
        Assert.Equal(["epoch=5"], Folders(folder));
    }

    [Fact]
    public void Writes_for_a_new_epoch_drop_the_uncommitted_one()
    {
        using var folder = new TempFolder();
        using var sink = new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Text));
        sink.Open("out", Schema);
        using (var b = Changes(("lost", 1, 1)))
            sink.Write(1, b);
        using (var b = Changes(("kept", 2, 1)))
            sink.Write(2, b);
        sink.Commit(1);
        sink.Commit(2);
        Assert.Equal(["epoch=2/part-00000: kept\t2\n"], Tree(folder));
    }

    [Fact]
    public void Disposing_without_commit_leaves_nothing()
    {
        using var folder = new TempFolder();
        using (var sink = new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Json)))
        {
            sink.Open("out", Schema);
            using var b = Changes(("x", 1, 1));
            sink.Write(1, b);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_retracting_input_writes_the_diff_field_and_a_csv_header()
    {
        using var folder = new TempFolder();
        using var sink = new FileSink(new Dictionary<string, string> { ["path"] = folder.Path }, "CSV",
            new Dictionary<string, string> { ["header"] = "true" }, withDiff: true);
        sink.Open("out", Schema);
        using (var b = Changes(("a", 1, -1), ("a", 2, 1)))
            sink.Write(7, b);
        sink.Commit(7);
        Assert.Equal(["epoch=7/part-00000: k,n,diff\na,1,-1\na,2,1\n"], Tree(folder));
    }

    [Fact]
    public void With_a_window_column_each_closed_window_gets_its_own_folder()
    {
        using var folder = new TempFolder();
        var schema = Rows.Schema(("window_start", DataType.Timestamp), ("n", DataType.Int64));
        using var sink = new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Json) { WindowColumn = 0 });
        sink.Open("out", schema);
        long w1 = ValueParser.ParseTimestamp("2024-01-01 10:00:00"), w2 = ValueParser.ParseTimestamp("2024-01-01 10:05:00");
        using (var b = Batch.FromRows(schema.Types, [new object?[] { w1, 3L }, new object?[] { w2, 4L }]))
            sink.Write(1, b);
        sink.Commit(1);
        Assert.Equal([
            "window_start=2024-01-01T10:00:00/part-00000: {\"window_start\":\"2024-01-01T10:00:00\",\"n\":3}\n",
            "window_start=2024-01-01T10:05:00/part-00000: {\"window_start\":\"2024-01-01T10:05:00\",\"n\":4}\n",
        ], Tree(folder));
    }

    [Fact]
    public void Misuse_by_the_caller_is_refused()
    {
        using var folder = new TempFolder();
        using var sink = new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Json) { WindowColumn = 1 });
        using var b = Changes(("x", 1, 1));
        Assert.Throws<InvalidOperationException>(() => sink.Write(1, b));
        var e = Assert.Throws<ArgumentException>(() => sink.Open("out", Schema));
        Assert.StartsWith("window column 1 is not a timestamp column of the sink's input", e.Message);
    }

    [Theory]
    [InlineData("rows", "3", "unknown option 'rows' for connector file; valid options: path")]
    [InlineData("connector", "file", "connector file requires option 'path'; valid options: path")]
    public void Bad_options_are_22023_errors_naming_the_valid_options(string key, string value, string message)
    {
        var e = Assert.Throws<SqlStateException>(() => new FileSink(new Dictionary<string, string> { [key] = value }, null, null, withDiff: false));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Creates_a_missing_output_folder()
    {
        using var folder = new TempFolder();
        var path = folder.File("a/b");
        using var sink = new FileSink(new Dictionary<string, string> { ["PATH"] = path }, "text", null, withDiff: false);
        sink.Open("out", Schema);
        Assert.True(Directory.Exists(path));
        Assert.Equal(RecordFormat.Text, sink.Options.Format);
    }

    [Fact]
    public void Dropping_a_staged_sink_removes_what_it_staged()
    {
        using var folder = new TempFolder();
        using var sink = new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Csv));
        sink.StageUntilCheckpoint();
        sink.Open("out", Schema);
        for (long epoch = 1; epoch <= 3; epoch++)
        {
            using var b = Changes(("e" + epoch, epoch, 1));
            sink.Write(epoch, b);
            sink.Commit(epoch);
        }
        sink.CheckpointCompleted(1);
        using (var open = Changes(("e4", 4, 1)))
            sink.Write(4, open);
        Assert.Equal([".epoch=4.inprogress", ".staged-epoch=2", ".staged-epoch=3", "epoch=1"], Folders(folder));

        sink.Dropped();
        Assert.Equal(["epoch=1"], Folders(folder));
    }

    [Fact]
    public async Task Drop_sink_discards_the_staged_output_of_a_file_sink()
    {
        using var folder = new TempFolder();
        var users = Rows.Schema(("k", DataType.Text), ("n", DataType.Int64));
        await using var runtime = new StreamingRuntime(new RuntimeOptions()) { StageSinkOutputUntilCheckpoint = true };
        runtime.CreateTable(new TableDefinition("t", users));
        runtime.CreateSink("out", new TableScanNode("t", users), new FileSink(new FileSinkOptions(folder.Path, RecordFormat.Csv)));
        runtime.Insert("t", [["a", 1L]]);
        runtime.RunEpoch();
        Assert.Single(Folders(folder), f => f.StartsWith(".staged-epoch=", StringComparison.Ordinal));

        runtime.DropSink("out");
        Assert.Empty(Folders(folder));
    }
}
