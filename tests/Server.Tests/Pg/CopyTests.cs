using System.Text;
using Npgsql;
using NpgsqlTypes;
using StreamSql.Server.Tests.Support;
using static StreamSql.Server.Tests.Pg.PgWireClient;

namespace StreamSql.Server.Tests.Pg;

/// <summary>
/// COPY FROM STDIN and COPY table TO STDOUT against the real engine, from psql's <c>\copy</c>,
/// Npgsql's importers and exporters, and raw protocol messages (chunks that split rows, errors with
/// PostgreSQL's SQLSTATE, message and CONTEXT line, CopyFail, a protocol violation mid-COPY).
/// </summary>
public sealed class CopyTests(EngineServerFixture server) : IClassFixture<EngineServerFixture>
{
    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static List<string> Rows(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    private async Task<PgWireClient> StartAsync()
    {
        var client = await ConnectAsync(server.Host.PgPort);
        await client.SendAsync(Startup(("user", "streamsql"), ("database", "streamsql")));
        while ((await client.ReadAsync()).Code != 'Z')
        {
        }
        return client;
    }

    private static byte[] CopyData(string text) => Message('d', Encoding.UTF8.GetBytes(text));

    private static byte[] CopyDone() => Message('c');

    private static byte[] CopyFail(string message) => Message('f', CString(message));

    /// <summary>Runs <paramref name="copy"/> and sends <paramref name="data"/> in chunks of <paramref name="chunk"/> bytes, then CopyDone; the messages up to ReadyForQuery.</summary>
    private async Task<List<(char Code, byte[] Body)>> CopyInAsync(PgWireClient client, string copy, string data, int chunk = 3)
    {
        await client.SendAsync(Query(copy));
        var response = await client.ReadAsync();
        if (response.Code != 'G')
            return [response, .. await client.ReadUntilReadyAsync()];
        var bytes = Encoding.UTF8.GetBytes(data);
        for (var at = 0; at < bytes.Length; at += chunk)
            await client.SendAsync(Message('d', bytes[at..Math.Min(bytes.Length, at + chunk)]));
        await client.SendAsync(CopyDone());
        return [response, .. await client.ReadUntilReadyAsync()];
    }

    [Fact]
    public void TextImportAndTableExportRoundTrip()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE copy_text (id INT PRIMARY KEY, name TEXT, at TIMESTAMP)");
        using (var writer = connection.BeginTextImport("COPY copy_text FROM STDIN"))
        {
            writer.Write("1\tada\t2020-01-02 03:04:05\n2\ttab\\there\\nnewline\t\\N\n");
            writer.Write("3\t\\\\back\\x41\\102\t2021-06-07\n");
        }

        Assert.Equal(["1|ada|2020-01-02 03:04:05", "2|tab\there\nnewline|NULL", "3|\\backAB|2021-06-07 00:00:00"],
            Rows(connection, "SELECT id, name, to_char(at, 'YYYY-MM-DD HH24:MI:SS') FROM copy_text ORDER BY id"));
        using var reader = connection.BeginTextExport("COPY copy_text (name, id) TO STDOUT (FORMAT csv, HEADER)");
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["\"tab\there", "\\backAB,3", "ada,1", "name,id", "newline\",2"], lines);
    }

    [Fact]
    public void CsvImportReadsQuotesNullsAndHeader()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE copy_csv (id INT, note TEXT, extra TEXT)");
        using (var writer = connection.BeginTextImport("COPY copy_csv (id, note) FROM STDIN WITH (FORMAT csv, HEADER true)"))
            writer.Write("id,note\n1,\"a, \"\"quoted\"\" value\"\n2,\n3,\"\"\n4,\"two\nlines\"\n");
        Assert.Equal(["1|a, \"quoted\" value|NULL", "2|NULL|NULL", "3||NULL", "4|two\nlines|NULL"],
            Rows(connection, "SELECT id, note, extra FROM copy_csv ORDER BY id"));
    }

    [Fact]
    public void LegacyOptionsAreRead()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE copy_legacy (id INT, note TEXT)");
        using (var writer = connection.BeginTextImport("COPY copy_legacy FROM STDIN WITH DELIMITER AS '|' NULL AS 'nil' CSV HEADER"))
            writer.Write("id|note\n1|nil\n2|\"x|y\"\n");
        Assert.Equal(["1|NULL", "2|x|y"], Rows(connection, "SELECT id, note FROM copy_legacy ORDER BY id"));
    }

    [Fact]
    public void BinaryImportAndExportOfSeveralTypes()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE copy_binary (id BIGINT, price NUMERIC(12,3), at TIMESTAMP, tags TEXT[], ok BOOLEAN, note TEXT)");
        var at = new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Unspecified).AddTicks(1230);
        using (var importer = connection.BeginBinaryImport("COPY copy_binary (id, price, at, tags, ok, note) FROM STDIN (FORMAT binary)"))
        {
            importer.StartRow();
            importer.Write(1L, NpgsqlDbType.Bigint);
            importer.Write(-12345.678m, NpgsqlDbType.Numeric);
            importer.Write(at, NpgsqlDbType.Timestamp);
            importer.Write(new[] { "a", "b c", "" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
            importer.Write(true, NpgsqlDbType.Boolean);
            importer.Write("ünï", NpgsqlDbType.Text);
            importer.StartRow();
            importer.Write(2L, NpgsqlDbType.Bigint);
            importer.WriteNull();
            importer.WriteNull();
            importer.WriteNull();
            importer.WriteNull();
            importer.WriteNull();
            Assert.Equal(2UL, importer.Complete());
        }

        using (var dbg = connection.BeginBinaryExport("COPY copy_binary (id) TO STDOUT (FORMAT binary)"))
        {
            var ids = new List<long>();
            while (dbg.StartRow() != -1)
                ids.Add(dbg.Read<long>());
            Assert.Equal([1L, 2L], ids.Order());
        }
        using var exporter = connection.BeginBinaryExport("COPY copy_binary (id, price, at, tags, ok, note) TO STDOUT (FORMAT binary)");
        var rows = new List<(long, decimal?, DateTime?, string[]?, bool?, string?)>();
        while (exporter.StartRow() != -1)
        {
            rows.Add((exporter.Read<long>(NpgsqlDbType.Bigint),
                exporter.IsNull ? Skip<decimal?>(exporter) : exporter.Read<decimal>(NpgsqlDbType.Numeric),
                exporter.IsNull ? Skip<DateTime?>(exporter) : exporter.Read<DateTime>(NpgsqlDbType.Timestamp),
                exporter.IsNull ? Skip<string[]?>(exporter) : exporter.Read<string[]>(NpgsqlDbType.Array | NpgsqlDbType.Text),
                exporter.IsNull ? Skip<bool?>(exporter) : exporter.Read<bool>(NpgsqlDbType.Boolean),
                exporter.IsNull ? Skip<string?>(exporter) : exporter.Read<string>(NpgsqlDbType.Text)));
        }

        rows.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        Assert.Equal(2, rows.Count);
        Assert.Equal((1L, -12345.678m, at, true, "ünï"), (rows[0].Item1, rows[0].Item2!.Value, rows[0].Item3!.Value, rows[0].Item5!.Value, rows[0].Item6!));
        Assert.Equal(["a", "b c", ""], rows[0].Item4!);
        Assert.Equal((2L, null, null, null, null, null), rows[1]);
    }

    private static T? Skip<T>(NpgsqlBinaryExporter exporter)
    {
        exporter.Skip();
        return default;
    }

    [Fact]
    public void LargeImportFeedsAMaterializedView()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE copy_big (id INT PRIMARY KEY, grp INT, amount BIGINT)");
        Execute(connection, "CREATE MATERIALIZED VIEW copy_big_totals AS SELECT count(*) AS n, sum(amount) AS total FROM copy_big");
        const int count = 100_000;
        using (var writer = connection.BeginTextImport("COPY copy_big FROM STDIN"))
        {
            var line = new StringBuilder();
            for (var i = 1; i <= count; i++)
            {
                line.Clear().Append(i).Append('\t').Append(i % 7).Append('\t').Append(i * 3L).Append('\n');
                writer.Write(line.ToString());
            }
        }

        Execute(connection, "FLUSH");
        Assert.Equal([$"{count}|{3L * count * (count + 1) / 2}"], Rows(connection, "SELECT n, total FROM copy_big_totals"));
    }

    [Fact]
    public void ExportOfAViewIsRefusedAsPostgreSqlDoes()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE copy_base (a INT)");
        Execute(connection, "CREATE VIEW copy_plain_view AS SELECT a FROM copy_base");
        Execute(connection, "CREATE MATERIALIZED VIEW copy_mat_view AS SELECT a FROM copy_base");
        var error = Assert.Throws<PostgresException>(() => connection.BeginTextExport("COPY copy_plain_view TO STDOUT").Dispose());
        Assert.Equal(("42809", "cannot copy from view \"copy_plain_view\"", "Try the COPY (SELECT ...) TO variant."), (error.SqlState, error.MessageText, error.Hint));
        error = Assert.Throws<PostgresException>(() => connection.BeginTextExport("COPY copy_mat_view TO STDOUT").Dispose());
        Assert.Equal(("42809", "cannot copy from materialized view \"copy_mat_view\"", "Try the COPY (SELECT ...) TO variant."), (error.SqlState, error.MessageText, error.Hint));
        error = Assert.Throws<PostgresException>(() => connection.BeginTextImport("COPY copy_mat_view FROM STDIN").Dispose());
        Assert.Equal(("42809", "cannot copy to materialized view \"copy_mat_view\"", 0), (error.SqlState, error.MessageText, error.Position));
        error = Assert.Throws<PostgresException>(() => connection.BeginTextImport("COPY copy_plain_view FROM STDIN").Dispose());
        Assert.Equal(("42809", "cannot copy to view \"copy_plain_view\""), (error.SqlState, error.MessageText));
        error = Assert.Throws<PostgresException>(() => connection.BeginTextImport("COPY copy_base (nope) FROM STDIN").Dispose());
        Assert.Equal(("42703", "column \"nope\" of relation \"copy_base\" does not exist", 0), (error.SqlState, error.MessageText, error.Position));
        error = Assert.Throws<PostgresException>(() => connection.BeginTextImport("COPY copy_base FROM '/etc/passwd'").Dispose());
        Assert.Equal(("0A000", "COPY FROM a file (only STDIN, e.g. psql's \\copy) is not supported"), (error.SqlState, error.MessageText));
        error = Assert.Throws<PostgresException>(() => connection.BeginTextExport("COPY copy_base TO '/tmp/out'").Dispose());
        Assert.Equal(("0A000", "COPY TO a file (only STDOUT, e.g. psql's \\copy) is not supported"), (error.SqlState, error.MessageText));
        error = Assert.Throws<PostgresException>(() => connection.BeginBinaryExport("COPY copy_base TO STDOUT (FORMAT binary, HEADER)").Dispose());
        Assert.Equal(("0A000", "cannot specify HEADER in BINARY mode"), (error.SqlState, error.MessageText));
        error = Assert.Throws<PostgresException>(() => connection.BeginTextExport("COPY copy_base TO STDOUT (HEADER match)").Dispose());
        Assert.Equal(("0A000", "cannot use \"match\" with HEADER in COPY TO"), (error.SqlState, error.MessageText));
        error = Assert.Throws<PostgresException>(() => connection.BeginTextImport("COPY copy_base (a) FROM STDIN (FORMAT csv, FORCE_NOT_NULL (zz))").Dispose());
        Assert.Equal(("42703", "column \"zz\" of relation \"copy_base\" does not exist"), (error.SqlState, error.MessageText));
        Execute(connection, "CREATE TABLE copy_two (a INT, b TEXT)");
        error = Assert.Throws<PostgresException>(() => connection.BeginTextImport("COPY copy_two (a) FROM STDIN (FORMAT csv, FORCE_NOT_NULL (b))").Dispose());
        Assert.Equal(("42P10", "FORCE_NOT_NULL column \"b\" not referenced by COPY"), (error.SqlState, error.MessageText));
        error = Assert.Throws<PostgresException>(() => connection.BeginTextImport("COPY copy_base FROM STDIN (QUOTE '\"')").Dispose());
        Assert.Equal(("0A000", "COPY quote available only in CSV mode"), (error.SqlState, error.MessageText));
    }

    public static TheoryData<string, string, string, string, string?, string> BadData => new()
    {
        // COPY, data, SQLSTATE, message, detail, CONTEXT: as PostgreSQL 15 answers them.
        { "COPY copy_bad FROM STDIN", "1\tx\t2020-01-01\n2\t\\N\tbad\n", "22007", "invalid input syntax for type timestamp: \"bad\"", null, "COPY copy_bad, line 2, column c: \"bad\"" },
        { "COPY copy_bad FROM STDIN", "1\tx\t2020-01-01\n2\t\\N\n", "22P04", "missing data for column \"c\"", null, "COPY copy_bad, line 2: \"2\t\\N\"" },
        { "COPY copy_bad FROM STDIN", "1\tx\t2020-01-01\t5\n", "22P04", "extra data after last expected column", null, "COPY copy_bad, line 1: \"1\tx\t2020-01-01\t5\"" },
        { "COPY copy_bad FROM STDIN", "1\tx\t2020-01-01\n\\N\tx\t2020-01-01\n", "23502", "null value in column \"a\" of relation \"copy_bad\" violates not-null constraint", "Failing row contains (null, x, 2020-01-01 00:00:00).", "COPY copy_bad, line 2: \"\\N\tx\t2020-01-01\"" },
        { "COPY copy_bad FROM STDIN", "1\tx\t2020-01-01\n1\tx\t2020-01-01\n", "23505", "duplicate key value violates unique constraint \"copy_bad_pkey\"", "Key (a)=(1) already exists.", "COPY copy_bad, line 2" },
        { "COPY copy_bad (a) FROM STDIN", "zz\n", "22P02", "invalid input syntax for type integer: \"zz\"", null, "COPY copy_bad, line 1, column a: \"zz\"" },
        { "COPY copy_bad (a) FROM STDIN", "99999999999\n", "22003", "value \"99999999999\" is out of range for type integer", null, "COPY copy_bad, line 1, column a: \"99999999999\"" },
        { "COPY copy_bad (a, b) FROM STDIN CSV", "30,\"a\nb\"\n31,x\nzz,y\n", "22P02", "invalid input syntax for type integer: \"zz\"", null, "COPY copy_bad, line 3, column a: \"zz\"" },
        { "COPY copy_bad (a, b) FROM STDIN CSV", "5,\"abc\n", "22P04", "unterminated CSV quoted field", null, "COPY copy_bad, line 1: \"5,\"abc\n\"" },
        { "COPY copy_bad (a, b) FROM STDIN (FORMAT csv, HEADER match)", "a,c\n5,x\n", "22P04", "column name mismatch in header line field 2: got \"c\", expected \"b\"", null, "COPY copy_bad, line 1: \"a,c\"" },
    };

    [Theory]
    [MemberData(nameof(BadData))]
    public async Task BadDataFailsTheWholeCopyAsPostgreSqlDoes(string copy, string data, string sqlState, string message, string? detail, string where)
    {
        using (var connection = server.Open())
        {
            Execute(connection, "CREATE TABLE IF NOT EXISTS copy_bad (a INT NOT NULL PRIMARY KEY, b TEXT, c TIMESTAMP)");
        }

        await using var client = await StartAsync();
        var messages = await CopyInAsync(client, copy, data);
        Assert.Equal("GEZ", new string(messages.Select(m => m.Code).ToArray()));
        var fields = Fields(messages[1].Body);
        Assert.Equal((sqlState, message, detail, where), (fields['C'], fields['M'], fields.GetValueOrDefault('D'), fields['W']));
        Assert.False(fields.ContainsKey('P'));

        // Nothing of a failed COPY is in the table, and the connection carries on.
        await client.SendAsync(Query("SELECT count(*) FROM copy_bad"));
        var rows = await client.ReadUntilReadyAsync();
        Assert.Equal("0", DataRow(rows.Single(m => m.Code == 'D').Body).Single());
    }

    [Fact]
    public async Task ARowThatFailsACheckConstraintFailsTheWholeCopy()
    {
        using (var connection = server.Open())
            Execute(connection, "CREATE TABLE copy_checked (a INT CHECK (a > 0), b TEXT DEFAULT 'd')");

        await using var client = await StartAsync();
        var messages = await CopyInAsync(client, "COPY copy_checked (a) FROM STDIN", "1\n-1\n2\n");
        Assert.Equal("GEZ", new string(messages.Select(m => m.Code).ToArray()));
        var fields = Fields(messages[1].Body);
        // PostgreSQL's message and detail (with the default filled in); its CONTEXT also quotes the line.
        Assert.Equal(("23514", "new row for relation \"copy_checked\" violates check constraint \"copy_checked_a_check\"", "Failing row contains (-1, d).", "COPY copy_checked, line 2"),
            (fields['C'], fields['M'], fields['D'], fields['W']));

        messages = await CopyInAsync(client, "COPY copy_checked (a) FROM STDIN", "1\n\\N\n");
        Assert.Equal("GCZ", new string(messages.Select(m => m.Code).ToArray()));
        await client.SendAsync(Query("SELECT count(*), count(a), min(b) FROM copy_checked"));
        var rows = await client.ReadUntilReadyAsync();
        Assert.Equal(new string?[] { "2", "1", "d" }, DataRow(rows.Single(m => m.Code == 'D').Body));
    }

    private static byte[] BinaryHeader => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 0x0A, 0xFF, 0x0D, 0x0A, 0x00, .. Int32(0), .. Int32(0)];

    public static TheoryData<string, byte[], string, string, string?> BadBinaryData => new()
    {
        // Case, data, SQLSTATE, message, CONTEXT: as PostgreSQL 15 answers them.
        { "signature", [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'X', 0x0A, 0xFF, 0x0D, 0x0A, 0x00, .. Int32(0), .. Int32(0)], "22P04", "COPY file signature not recognized", null },
        { "field count", [.. BinaryHeader, .. Int16(1), .. Int32(4), .. Int32(7)], "22P04", "row field count is 1, expected 2", "COPY copy_bad_binary, line 1" },
        { "short value", [.. BinaryHeader, .. Int16(2), .. Int32(2), 0, 1, .. Int32(-1)], "08P01", "insufficient data left in message", "COPY copy_bad_binary, line 1, column a" },
        { "long value", [.. BinaryHeader, .. Int16(2), .. Int32(5), 0, 0, 0, 0, 1, .. Int32(-1)], "22P03", "incorrect binary data format", "COPY copy_bad_binary, line 1, column a" },
        { "cut short", [.. BinaryHeader, .. Int16(2), .. Int32(4)], "22P04", "unexpected EOF in COPY data", "COPY copy_bad_binary, line 1, column a" },
    };

    [Theory]
    [MemberData(nameof(BadBinaryData))]
    public async Task BadBinaryDataFailsAsPostgreSqlDoes(string _, byte[] data, string sqlState, string message, string? where)
    {
        await using var client = await StartAsync();
        await client.SendAsync(Query("CREATE TABLE IF NOT EXISTS copy_bad_binary (a INT, b TEXT)"));
        await client.ReadUntilReadyAsync();
        await client.SendAsync(Query("COPY copy_bad_binary FROM STDIN WITH BINARY"));
        Assert.Equal('G', (await client.ReadAsync()).Code);
        for (var at = 0; at < data.Length; at += 5)
            await client.SendAsync(Message('d', data[at..Math.Min(data.Length, at + 5)]));
        await client.SendAsync(CopyDone());
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("EZ", new string(messages.Select(m => m.Code).ToArray()));
        var fields = Fields(messages[0].Body);
        Assert.Equal((sqlState, message, where), (fields['C'], fields['M'], fields.GetValueOrDefault('W')));
    }

    [Fact]
    public async Task BinaryRowsWithoutTheTrailerAreRead()
    {
        await using var client = await StartAsync();
        await client.SendAsync(Query("CREATE TABLE copy_no_trailer (a INT, b TEXT)"));
        await client.ReadUntilReadyAsync();
        await client.SendAsync(Query("COPY copy_no_trailer FROM STDIN (FORMAT binary)"));
        Assert.Equal('G', (await client.ReadAsync()).Code);
        await client.SendAsync(Message('d', [.. BinaryHeader, .. Int16(2), .. Int32(4), .. Int32(7), .. Int32(-1)]), CopyDone());
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("COPY 1", Text(messages[0].Body));
    }

    [Fact]
    public async Task CopyFailFromTheClientEndsTheCopyWithNothingInserted()
    {
        await using var client = await StartAsync();
        await client.SendAsync(Query("CREATE TABLE copy_fail (a INT, b TEXT)"));
        await client.ReadUntilReadyAsync();
        await client.SendAsync(Query("COPY copy_fail FROM STDIN"));
        Assert.Equal('G', (await client.ReadAsync()).Code);
        await client.SendAsync(CopyData("1\tx\n2\ty\n"), CopyFail("changed my mind"));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("EZ", new string(messages.Select(m => m.Code).ToArray()));
        var fields = Fields(messages[0].Body);
        Assert.Equal(("57014", "COPY from stdin failed: changed my mind", "COPY copy_fail, line 3"), (fields['C'], fields['M'], fields['W']));

        // Copy messages after the end are ignored; the session works.
        await client.SendAsync(CopyData("3\tz\n"), CopyDone(), Query("SELECT count(*) FROM copy_fail"));
        var rows = await client.ReadUntilReadyAsync();
        Assert.Equal("0", DataRow(rows.Single(m => m.Code == 'D').Body).Single());
    }

    [Fact]
    public async Task AnotherMessageDuringCopyInEndsTheConnectionAsPostgreSqlDoes()
    {
        await using var client = await StartAsync();
        await client.SendAsync(Query("CREATE TABLE copy_violation (a INT, b TEXT)"));
        await client.ReadUntilReadyAsync();
        await client.SendAsync(Query("COPY copy_violation FROM STDIN"));
        Assert.Equal('G', (await client.ReadAsync()).Code);
        // Flush and Sync are ignored during copy-in; a Query is not allowed.
        await client.SendAsync(CopyData("1\tx\n2\t"), Flush(), Sync(), Query("SELECT 1"));
        var messages = new List<(char Code, byte[] Body)>();
        Assert.True(await client.IsClosedAsync(messages));
        Assert.Equal("EE", new string(messages.Select(m => m.Code).ToArray()));
        var error = Fields(messages[0].Body);
        Assert.Equal(("ERROR", "08P01", "unexpected message type 0x51 during COPY from stdin", "COPY copy_violation, line 2"), (error['S'], error['C'], error['M'], error['W']));
        var fatal = Fields(messages[1].Body);
        Assert.Equal(("FATAL", "08P01", "terminating connection because protocol synchronization was lost"), (fatal['S'], fatal['C'], fatal['M']));

        using var connection = server.Open();
        Assert.Equal(["0"], Rows(connection, "SELECT count(*) FROM copy_violation"));
    }

    [Fact]
    public async Task ExtendedProtocolCopyRunsUntilCopyDoneAndSync()
    {
        await using var client = await StartAsync();
        await client.SendAsync(Query("CREATE TABLE copy_extended (a INT, b TEXT)"));
        await client.ReadUntilReadyAsync();
        // As Npgsql pipelines it: the Sync after Execute arrives during copy-in and is ignored.
        await client.SendAsync(Parse("", "COPY copy_extended FROM STDIN (FORMAT csv)"), Bind("", "", []), Describe('P', ""), PgWireClient.Execute(""), Sync());
        Assert.Equal("12nG", string.Concat(new[] { await client.ReadAsync(), await client.ReadAsync(), await client.ReadAsync(), await client.ReadAsync() }.Select(m => m.Code)));
        await client.SendAsync(CopyData("1,a\n2,"), CopyData("b\n"), CopyDone(), Sync());
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("CZ", new string(messages.Select(m => m.Code).ToArray()));
        Assert.Equal("COPY 2", Text(messages[0].Body));
        await client.SendAsync(Query("SELECT b FROM copy_extended ORDER BY a"));
        var rows = await client.ReadUntilReadyAsync();
        Assert.Equal(["a", "b"], rows.Where(m => m.Code == 'D').Select(m => DataRow(m.Body).Single()!));
    }

    [Fact]
    public async Task StatementsAfterACopyInOneQueryRunOnceItsDataIsIn()
    {
        await using var client = await StartAsync();
        await client.SendAsync(Query("CREATE TABLE copy_multi (a INT); COPY copy_multi FROM STDIN; SELECT count(*) FROM copy_multi"));
        Assert.Equal("CG", string.Concat(new[] { await client.ReadAsync(), await client.ReadAsync() }.Select(m => m.Code)));
        await client.SendAsync(CopyData("1\n2\n3\n\\.\n"), CopyDone());
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("CTDCZ", new string(messages.Select(m => m.Code).ToArray()));
        Assert.Equal("COPY 3", Text(messages[0].Body));
        Assert.Equal("3", DataRow(messages[2].Body).Single());
    }

    private Task<(int Exit, string Out, string Err)> RunPsql(params string[] args) =>
        PsqlClient.RunAsync(server.Host.PgPort, "streamsql", "streamsql", ["-q", .. args]);

    [Fact]
    public async Task PsqlCopiesFromFilesAndToStdout()
    {
        var text = Path.Combine(Path.GetTempPath(), $"streamsql-copy-{Guid.NewGuid():N}.txt");
        var csv = Path.Combine(Path.GetTempPath(), $"streamsql-copy-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(text, "1\tone\n2\t\\N\n");
        await File.WriteAllTextAsync(csv, "id,name\n3,\"th,ree\"\n4,four\n");
        try
        {
            var (exit, output, error) = await RunPsql("-c", "CREATE TABLE copy_psql (id INT, name TEXT)",
                "-c", $"\\copy copy_psql from '{text}'", "-c", $"\\copy copy_psql from '{csv}' csv header",
                "-c", "\\copy (SELECT * FROM copy_psql ORDER BY id) to stdout", "-c", "\\copy copy_psql to stdout csv");
            Assert.Equal("", error);
            Assert.Equal(0, exit);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["1\tone", "2\t\\N", "3\tth,ree", "4\tfour"], lines[..4]);
            Assert.Equal(["\"th,ree\"", "1,one", "2,", "4,four"], lines[4..].Select(l => l.StartsWith("3,", StringComparison.Ordinal) ? l[2..] : l).Order());
        }
        finally
        {
            File.Delete(text);
            File.Delete(csv);
        }
    }
}
