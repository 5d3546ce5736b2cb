using System.Text;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Directory;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class DirectorySourceTests
{
    private static readonly RowSchema Schema = Rows.Schema(("k", DataType.Text), ("v", DataType.Int32));
    private static readonly DateTime T0 = new(2024, 1, 1, 10, 0, 0, DateTimeKind.Utc);

    private static DirectorySource Json(TempFolder folder, string pattern = "*", int buffer = 10_000) =>
        new(new DirectorySourceOptions(folder.Path, GlobPattern.Parse(pattern, "test"), RecordFormat.Json)
        {
            BufferRecords = buffer,
            ScanInterval = TimeSpan.FromMilliseconds(10),
        }, Schema);

    private static string Lines(params (string K, int V)[] rows) =>
        string.Concat(rows.Select(r => $"{{\"k\": \"{r.K}\", \"v\": {r.V}}}\n"));

    private static long Ticks(TempFolder folder, string name) => File.GetLastWriteTimeUtc(folder.File(name)).Ticks;

    [Fact]
    public async Task Reads_new_files_once_in_arrival_order_and_ignores_hidden_temporary_and_unmatched_names()
    {
        using var folder = new TempFolder();
        folder.MoveIn("b.json", Lines(("b", 1)), T0.AddSeconds(2));
        folder.MoveIn("a.json", Lines(("a", 1), ("a", 2)), T0.AddSeconds(3));
        folder.MoveIn("c.json", Lines(("c", 1)), T0.AddSeconds(2));
        File.WriteAllText(folder.File(".hidden.json"), Lines(("hidden", 0)));
        File.WriteAllText(folder.File("_SUCCESS.json"), Lines(("private", 0)));
        File.WriteAllText(folder.File("d.json.tmp"), Lines(("tmp", 0)));
        File.WriteAllText(folder.File("e.json._COPYING_"), Lines(("copying", 0)));
        File.WriteAllText(folder.File("notes.txt"), Lines(("unmatched", 0)));
        await using var source = Json(folder, "*.json");
        var driver = new SourceDriver(source, Schema);

        await driver.PollUntilAsync(d => d.Rows.Count >= 4);
        Assert.Equal(["b|1", "c|1", "a|1", "a|2"], driver.Rows);
        // b and c sort before a (arrival order): the position's order covers them, no list.
        Assert.Equal($"{Ticks(folder, "a.json")}/{Lines(("a", 1), ("a", 2)).Length}/a.json", driver.Position.Value);

        // A file that arrives later is read; the ones read before are not read again.
        folder.MoveIn("f.json", Lines(("f", 9)), T0.AddSeconds(4));
        await driver.PollUntilAsync(d => d.Rows.Count >= 5);
        await SourceDriver.WaitForAsync(() => source.IsExhausted, "the source to be exhausted");
        driver.Poll();
        Assert.Equal(["b|1", "c|1", "a|1", "a|2", "f|9"], driver.Rows);
        Assert.Empty(driver.Errors.Reports);
        Assert.False(source.HasPending);

        folder.MoveIn("g.json", Lines(("g", 1)), T0.AddSeconds(5));
        await SourceDriver.WaitForAsync(() => !source.IsExhausted, "the new file to be noticed");
        await driver.PollUntilAsync(d => d.Rows.Count >= 6);
        Assert.Equal("g|1", driver.Rows[^1]);

        // A name used again for a new file, once a scan saw the old one gone, is a new file.
        File.Delete(folder.File("b.json"));
        await Task.Delay(300);
        folder.MoveIn("b.json", Lines(("b", 2)), T0.AddSeconds(6));
        await driver.PollUntilAsync(d => d.Rows.Count >= 7);
        Assert.Equal(["b|1", "c|1", "a|1", "a|2", "f|9", "g|1", "b|2"], driver.Rows);
    }

    [Fact]
    public async Task A_restart_from_a_logged_position_reads_nothing_twice_and_loses_nothing()
    {
        using var folder = new TempFolder();
        folder.MoveIn("1.json", Lines(("x", 1), ("x", 2), ("x", 3)), T0);
        folder.MoveIn("2.json", Lines(("y", 1), ("y", 2)), T0.AddSeconds(1));
        SourcePosition logged;
        await using (var first = Json(folder))
        {
            var driver = new SourceDriver(first, Schema);
            await driver.PollUntilAsync(d => d.Rows.Count >= 2, maxRows: 2);
            Assert.Equal(["x|1", "x|2"], driver.Rows);
            logged = driver.Position;
            Assert.Equal($"{T0.Ticks}/{2 * Lines(("x", 1)).Length}/1.json", logged.Value);
        }

        SourcePosition end;
        await using (var second = Json(folder))
        {
            var driver = new SourceDriver(second, Schema, logged);
            await driver.PollUntilAsync(d => d.Rows.Count >= 3);
            await SourceDriver.WaitForAsync(() => second.IsExhausted, "the restarted source to be exhausted");
            driver.Poll();
            Assert.Equal(["x|3", "y|1", "y|2"], driver.Rows);
            end = driver.Position;
            Assert.Equal($"{T0.AddSeconds(1).Ticks}/{Lines(("y", 1), ("y", 2)).Length}/2.json", end.Value);
        }

        // From the end position nothing is read again, but a new file is.
        folder.MoveIn("3.json", Lines(("z", 1)), T0.AddSeconds(2));
        await using (var third = Json(folder))
        {
            var driver = new SourceDriver(third, Schema, end);
            await driver.PollUntilAsync(d => d.Rows.Count >= 1);
            await SourceDriver.WaitForAsync(() => third.IsExhausted, "the third source to be exhausted");
            driver.Poll();
            Assert.Equal(["z|1"], driver.Rows);
        }
    }

    [Fact]
    public async Task A_file_taken_is_not_read_again_when_touched_or_appended_to_also_after_a_restart()
    {
        using var folder = new TempFolder();
        folder.MoveIn("1.json", Lines(("x", 1)), T0);
        folder.MoveIn("2.json", Lines(("y", 1)), T0.AddSeconds(1));
        SourcePosition end;
        await using (var first = Json(folder))
        {
            var driver = new SourceDriver(first, Schema);
            await driver.PollUntilAsync(d => d.Rows.Count >= 2);
            // 1.json touched to after the next file, 2.json appended to before it.
            File.SetLastWriteTimeUtc(folder.File("1.json"), T0.AddSeconds(30));
            File.AppendAllText(folder.File("2.json"), Lines(("y", 2)));
            File.SetLastWriteTimeUtc(folder.File("2.json"), T0.AddSeconds(11));
            folder.MoveIn("3.json", Lines(("z", 1)), T0.AddSeconds(12));
            await driver.PollUntilAsync(d => d.Rows.Count >= 3);
            await Task.Delay(200);
            await SourceDriver.WaitForAsync(() => first.IsExhausted, "the source to be exhausted");
            driver.Poll();
            Assert.Equal(["x|1", "y|1", "z|1"], driver.Rows);
            end = driver.Position;
            // The position lists the file taken whose time now sorts after it; 2.json sorts before.
            Assert.Equal($"{T0.AddSeconds(12).Ticks}/{Lines(("z", 1)).Length}/3.json/1.json", end.Value);
        }

        // Touched again before a restart: a listed file stays taken, and the file the position is in
        // goes on at its offset. (A file taken with nothing listed and touched while the source is
        // stopped would be read again: positions list only what the order does not cover.)
        File.SetLastWriteTimeUtc(folder.File("1.json"), T0.AddSeconds(40));
        File.SetLastWriteTimeUtc(folder.File("3.json"), T0.AddSeconds(21));
        folder.MoveIn("4.json", Lines(("w", 1)), T0.AddSeconds(22));
        await using (var second = Json(folder))
        {
            var driver = new SourceDriver(second, Schema, end);
            await driver.PollUntilAsync(d => d.Rows.Count >= 1);
            await Task.Delay(200);
            await SourceDriver.WaitForAsync(() => second.IsExhausted, "the restarted source to be exhausted");
            driver.Poll();
            Assert.Equal(["w|1"], driver.Rows);
        }
    }

    [Fact]
    public void A_position_written_before_it_listed_the_files_taken_still_reads()
    {
        var old = DirectoryPosition.Parse("638396064000000000/12/a.json");
        Assert.Equal(("a.json", 12L), (old.Name, old.Offset));
        Assert.Empty(old.Taken);
        var listed = DirectoryPosition.Parse("638396064000000000/12/a.json/b.json/c.json");
        Assert.Equal(["b.json", "c.json"], listed.Taken.ToArray());
        Assert.Equal("638396064000000000/12/a.json/b.json/c.json", listed.ToSourcePosition().Value);
    }

    [Fact]
    public async Task A_full_buffer_stops_the_reading_until_someone_polls()
    {
        using var folder = new TempFolder();
        folder.MoveIn("big.json", Lines([.. Enumerable.Range(1, 50).Select(i => ("n", i))]), T0);
        await using var source = Json(folder, buffer: 4);
        var driver = new SourceDriver(source, Schema);

        await SourceDriver.WaitForAsync(() => source.BufferedRecords == 4, "the buffer to fill");
        await Task.Delay(100);
        Assert.Equal(4, source.BufferedRecords);
        Assert.True(source.HasPending);
        Assert.False(source.IsExhausted);

        Assert.Equal(["n|1", "n|2", "n|3", "n|4"], driver.Poll(maxRows: 100));
        int most = 0;
        await driver.PollUntilAsync(d =>
        {
            most = Math.Max(most, source.BufferedRecords);
            return d.Rows.Count >= 50;
        });
        Assert.True(most <= 4, $"buffered {most} records");
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"n|{i}"), driver.Rows);
    }

    [Fact]
    public async Task Bad_records_go_to_the_error_sink_with_their_position_and_reading_goes_on()
    {
        using var folder = new TempFolder();
        var content = "{\"k\": \"a\", \"v\": 1}\nnot json\n\n{\"k\": \"b\", \"v\": \"x\"}\r\n{\"k\": \"c\", \"v\": 3}";
        folder.MoveIn("m.json", content, T0);
        await using var source = Json(folder);
        var driver = new SourceDriver(source, Schema);
        await driver.PollUntilAsync(d => d.Rows.Count >= 2);

        Assert.Equal(["a|1", "c|3"], driver.Rows);
        var ticks = T0.Ticks;
        // A bad record is placed by file and line; the source's position (where a restart resumes) by bytes.
        Assert.Equal([
            ("not json", "invalid JSON at byte 1", "m.json:2"),
            ("{\"k\": \"b\", \"v\": \"x\"}", "column \"v\": invalid input syntax for type integer: \"x\"", "m.json:4"),
        ], driver.Errors.Reports);
        Assert.Equal($"{ticks}/{Encoding.UTF8.GetByteCount(content)}/m.json", driver.Position.Value);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_reported_and_the_others_are_read()
    {
        using var folder = new TempFolder();
        folder.MoveIn("a.json", Lines(("a", 1)), T0);
        // A symbolic link to itself lists as a file but cannot be opened.
        File.CreateSymbolicLink(folder.File("loop.json"), folder.File("loop.json"));
        await using var source = Json(folder);
        var driver = new SourceDriver(source, Schema);
        await driver.PollUntilAsync(d => d.Rows.Count >= 1 && d.Errors.Reports.Count >= 1);
        Assert.Equal(["a|1"], driver.Rows);
        var (raw, error, position) = Assert.Single(driver.Errors.Reports);
        Assert.Equal("", raw);
        Assert.StartsWith("cannot read file 'loop.json': ", error);
        Assert.Equal("loop.json:1", position);
    }

    [Fact]
    public async Task Csv_files_skip_their_header_line_and_a_byte_order_mark()
    {
        using var folder = new TempFolder();
        folder.MoveIn("1.csv", "\uFEFFk,v\r\n\"a,1\",1\r\nb,2\r\n", T0);
        folder.MoveIn("2.csv", "k,v\nc,3\n", T0.AddSeconds(1));
        var options = DirectorySourceOptions.Parse(
            new Dictionary<string, string> { ["connector"] = "directory", ["PATH"] = folder.Path, ["pattern"] = "*.csv" },
            "CSV", new Dictionary<string, string> { ["header"] = "true" }) with { ScanInterval = TimeSpan.FromMilliseconds(10) };
        await using var source = new DirectorySource(options, Schema);
        var driver = new SourceDriver(source, Schema);
        await driver.PollUntilAsync(d => d.Rows.Count >= 3);
        Assert.Equal(["a,1|1", "b|2", "c|3"], driver.Rows);
        Assert.Empty(driver.Errors.Reports);
    }

    [Fact]
    public async Task Text_lines_of_x_y_z_split_into_columns()
    {
        using var folder = new TempFolder();
        folder.MoveIn("points.txt", "1:2:3\n4:5:6\n", T0);
        var schema = Rows.Schema(("x", DataType.Float64), ("y", DataType.Float64), ("z", DataType.Float64));
        var options = new Dictionary<string, string> { ["path"] = folder.Path };
        await using var source = new DirectorySource(options, "TEXT", new Dictionary<string, string> { ["delimiter"] = ":" }, schema);
        var driver = new SourceDriver(source, schema);
        await driver.PollUntilAsync(d => d.Rows.Count >= 2);
        Assert.Equal(["1|2|3", "4|5|6"], driver.Rows);
    }

    [Fact]
    public async Task A_position_that_is_not_a_directory_position_is_refused()
    {
        using var folder = new TempFolder();
        await using var source = Json(folder);
        var e = Assert.Throws<SqlStateException>(() => new SourceDriver(source, Schema, new SourcePosition("12")));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal("invalid directory source position '12': expected 'modified-ticks/byte-offset/file-name' and '/file-name' for each other file taken", e.Message);
    }

    [Fact]
    public async Task Polling_before_start_and_starting_twice_are_refused()
    {
        using var folder = new TempFolder();
        await using var source = Json(folder);
        Assert.Throws<InvalidOperationException>(() => source.Poll(new BatchBuilder(Schema.Types), 10));
        _ = new SourceDriver(source, Schema);
        Assert.Throws<InvalidOperationException>(() => new SourceDriver(source, Schema));
    }

    [Theory]
    [InlineData("pattern", "*.json", "connector directory requires option 'path'; valid options: path, pattern, on_error, max_rows_per_epoch, idle_timeout")]
    [InlineData("topic", "x", "unknown option 'topic' for connector directory; valid options: path, pattern, on_error, max_rows_per_epoch, idle_timeout")]
    [InlineData("on_error", "ignore", "invalid value 'ignore' for option 'on_error' of connector directory; valid: 'dead_letter', 'skip', 'fail'")]
    [InlineData("max_rows_per_epoch", "0", "invalid value '0' for option 'max_rows_per_epoch' of connector directory; expected a whole number from 1 to 2147483647")]
    [InlineData("idle_timeout", "soon", "invalid value 'soon' for option 'idle_timeout' of connector directory; expected an interval such as '5 seconds'")]
    public void Bad_options_are_22023_errors_naming_the_valid_options(string key, string value, string message)
    {
        var e = Assert.Throws<SqlStateException>(() => DirectorySourceOptions.Parse(new Dictionary<string, string> { [key] = value }, null, null));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_missing_folder_and_a_bad_format_are_refused()
    {
        using var folder = new TempFolder();
        var missing = folder.File("nope");
        var e = Assert.Throws<SqlStateException>(() => DirectorySourceOptions.Parse(new Dictionary<string, string> { ["path"] = missing }, null, null));
        Assert.Equal($"folder '{missing}' of option 'path' of connector directory does not exist", e.Message);
        e = Assert.Throws<SqlStateException>(() => new DirectorySource(new Dictionary<string, string> { ["path"] = folder.Path }, "avro", null, Schema));
        Assert.Equal("unknown format 'avro'; valid formats: JSON, CSV, TEXT", e.Message);
        var options = DirectorySourceOptions.Parse(new Dictionary<string, string>
        {
            ["path"] = folder.Path, ["on_error"] = "SKIP", ["max_rows_per_epoch"] = "100", ["idle_timeout"] = "5 seconds",
        }, null, null);
        Assert.Equal((folder.Path, "*", RecordFormat.Json), (options.Path, options.Pattern.Text, options.Format));
    }

    [Theory]
    [InlineData("data.json", false)]
    [InlineData(".data.json", true)]
    [InlineData("_temporary", true)]
    [InlineData("data.json.tmp", true)]
    [InlineData("data.json.PART", true)]
    [InlineData("data.json~", true)]
    [InlineData("data.json.inprogress", true)]
    public void Hidden_and_temporary_names_are_ignored(string name, bool ignored) =>
        Assert.Equal(ignored, DirectorySource.IsIgnored(name));
}
