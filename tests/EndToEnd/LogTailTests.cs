namespace StreamSql.EndToEnd.Tests;

/// <summary>A write torn by a crash at the end of a log: the server recovers every record before it and says so.</summary>
[Collection(ServerBuildCollection.Name)]
public sealed class LogTailTests(ServerBuild build)
{
    [Fact]
    public async Task Torn_records_at_the_end_of_both_logs_are_cut_off_and_reported()
    {
        using var dir = new TempDirectory();
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            using var connection = server.Connect();
            Tables.Execute(connection, Tables.Create);
            for (int id = 1; id <= 5; id++)
                Tables.Insert(connection, id);
            server.Kill();
        }

        var segment = Directory.GetFiles(Path.Combine(dir.Path, "tables"), "wal-*.log").Where(f => new FileInfo(f).Length > 0).Single();
        // Five table changes, and the epochs that carried them (and the catalog's system tables).
        var frames = Frames(segment);
        Assert.Equal(5, frames.Count(f => f.Lsn > 0));
        // A frame header promising 64 bytes, followed by only 10 of them.
        AppendBytes(segment, [64, 0, 0, 0, 1, 2, 3, 4, .. new byte[10]]);
        AppendBytes(Path.Combine(dir.Path, "catalog.log"), [200, 0, 0]);

        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            Assert.True(server.PgPort > 0, server.Output);
            Assert.Contains("catalog.log: an incomplete record header at byte", server.Output);
            Assert.Contains("an incomplete record at byte", server.Output);
            Assert.Contains($"recovered the {frames.Count} valid record(s) before it and cut off the remaining 18 byte(s)", server.Output);
            Assert.Contains("recovered the 3 valid record(s) before it and cut off the remaining 3 byte(s)", server.Output);
            using var connection = server.Connect();
            Assert.Equal([1, 2, 3, 4, 5], Tables.Ids(connection).Order());
            Assert.Equal(Tables.ExpectedPerGroup([1, 2, 3, 4, 5]), Tables.PerGroup(connection));
            Tables.Insert(connection, 6);
            server.Kill();
        }

        // The cut logs take appends again: a third start finds every record and nothing torn.
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            Assert.DoesNotContain("torn", server.Output);
            using var connection = server.Connect();
            Assert.Equal([1, 2, 3, 4, 5, 6], Tables.Ids(connection).Order());
            Assert.Equal(6, Tables.Total(connection));
        }
    }

    [Fact]
    public async Task A_record_with_a_wrong_checksum_ends_the_log_there()
    {
        using var dir = new TempDirectory();
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            using var connection = server.Connect();
            Tables.Execute(connection, Tables.Create);
            for (int id = 1; id <= 3; id++)
                Tables.Insert(connection, id);
            server.Kill();
        }

        var segment = Directory.GetFiles(Path.Combine(dir.Path, "tables"), "wal-*.log").Where(f => new FileInfo(f).Length > 0).Single();
        // The last byte of the last table change (id 3); the epoch records after it go with it.
        var frames = Frames(segment);
        int last = frames.FindLastIndex(f => f.Lsn > 0);
        var bytes = File.ReadAllBytes(segment);
        bytes[frames[last].Offset + 8 + frames[last].Length - 1] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            Assert.Contains("a record whose checksum does not match", server.Output);
            Assert.Contains($"recovered the {last} valid record(s) before it", server.Output);
            using var connection = server.Connect();
            Assert.Equal([1, 2], Tables.Ids(connection).Order());
        }
    }

    [Fact]
    public async Task A_statement_the_table_refuses_is_not_replayed()
    {
        using var dir = new TempDirectory();
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            using var connection = server.Connect();
            Tables.Execute(connection, "CREATE TABLE k (id INT PRIMARY KEY, v TEXT)");
            Tables.Execute(connection, "INSERT INTO k VALUES (1, 'a')");
            var error = Assert.Throws<Npgsql.PostgresException>(() => Tables.Execute(connection, "INSERT INTO k VALUES (2, 'b'), (1, 'c')"));
            Assert.Equal("23505", error.SqlState);
            Tables.Execute(connection, "INSERT INTO k VALUES (3, 'd')");
            server.Kill();
        }

        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            Assert.DoesNotContain("refused again", server.Output);
            Assert.Contains("replayed 1 DDL statement(s), 2 table change(s) and", server.Output);
            using var connection = server.Connect();
            using var command = new Npgsql.NpgsqlCommand("SELECT id, v FROM k ORDER BY id", connection);
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
                rows.Add($"{reader.GetInt32(0)}:{reader.GetString(1)}");
            Assert.Equal(["1:a", "3:d"], rows);
        }
    }

    [Fact]
    public async Task A_DDL_statement_that_fails_when_applied_is_not_in_the_catalog_log()
    {
        using var dir = new TempDirectory();
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            using var connection = server.Connect();
            Tables.Execute(connection, "CREATE TABLE s_errors (x INT)");
            // Planned fine, refused when applied: its dead-letter table's name is taken.
            var error = Assert.Throws<Npgsql.PostgresException>(() => Tables.Execute(connection,
                "CREATE SOURCE s (user_id TEXT, ts TIMESTAMP) WITH (connector = 'generator', rows_per_second = '1')"));
            Assert.Equal("42P07", error.SqlState);
            Tables.Execute(connection, "CREATE TABLE after_it (y INT)");
            server.Kill();
        }

        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            Assert.True(server.PgPort > 0, server.Output);
            Assert.Contains("2 DDL statement(s) in the catalog log", server.Output);
            using var connection = server.Connect();
            Tables.Execute(connection, "INSERT INTO after_it VALUES (1)");
            Tables.Execute(connection, "INSERT INTO s_errors VALUES (2)");
        }
    }

    /// <summary>
    /// The frames of a table log segment (<c>u32 length, u32 CRC-32, payload</c>): where each starts,
    /// its payload's length, and the payload's first eight bytes: a table change's LSN, or -1 for an
    /// epoch record.
    /// </summary>
    private static List<(int Offset, int Length, long Lsn)> Frames(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var frames = new List<(int, int, long)>();
        for (int at = 0; at + 8 <= bytes.Length;)
        {
            int length = BitConverter.ToInt32(bytes, at);
            frames.Add((at, length, BitConverter.ToInt64(bytes, at + 8)));
            at += 8 + length;
        }

        return frames;
    }

    private static void AppendBytes(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(bytes);
    }
}
