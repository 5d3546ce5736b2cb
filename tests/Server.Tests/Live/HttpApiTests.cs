using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamSql.Server.Tests.Live;

public sealed partial class HttpApiTests(LiveServerFixture server) : IClassFixture<LiveServerFixture>
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> SqlAsync(string sql, bool json = false)
    {
        using var content = json
            ? (HttpContent)JsonContent.Create(new { sql })
            : new StringContent(sql, Encoding.UTF8, "text/plain");
        using var response = await server.Http.PostAsync("api/sql", content);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task SqlReturnsEveryResultWithTypedColumns()
    {
        var (status, body) = await SqlAsync("CREATE TABLE api_t (k TEXT, v INT); INSERT INTO api_t VALUES ('a', 1), ('b', 2); FLUSH; SELECT k, v FROM api_t ORDER BY k;");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("error").ValueKind);
        var results = body.GetProperty("results");
        Assert.Equal(4, results.GetArrayLength());
        Assert.Equal("command", results[0].GetProperty("kind").GetString());
        var select = results[3];
        Assert.Equal("rows", select.GetProperty("kind").GetString());
        Assert.Equal("SELECT 2", select.GetProperty("commandTag").GetString());
        Assert.Equal("""[{"name":"k","type":"text"},{"name":"v","type":"integer"}]""", select.GetProperty("columns").GetRawText());
        Assert.Equal("""[["a",1],["b",2]]""", select.GetProperty("rows").GetRawText());
        Assert.False(select.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task SqlAcceptsAJsonBody()
    {
        var (status, body) = await SqlAsync("SELECT 1 + 1 AS two", json: true);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("[[2]]", body.GetProperty("results")[0].GetProperty("rows").GetRawText());
    }

    [Fact]
    public async Task SqlErrorsCarryLineAndColumn()
    {
        var (status, body) = await SqlAsync("SELECT 1;\nSELECT nope FROM api_missing;");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(1, body.GetProperty("results").GetArrayLength());
        var error = body.GetProperty("error");
        Assert.Equal("42P01", error.GetProperty("sqlState").GetString());
        Assert.Contains("api_missing", error.GetProperty("message").GetString());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Equal(18, error.GetProperty("column").GetInt32());
        Assert.Equal(28, error.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task ASyntaxErrorRunsNothingAndPointsAtTheToken()
    {
        var (status, body) = await SqlAsync("CREATE TABLE api_never (x INT);\n  SELEC 1;");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(0, body.GetProperty("results").GetArrayLength());
        var error = body.GetProperty("error");
        Assert.Equal("42601", error.GetProperty("sqlState").GetString());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Equal(3, error.GetProperty("column").GetInt32());
        Assert.Null(server.Engine.Catalog.Find("api_never"));
    }

    [Fact]
    public async Task ABadJsonBodyIsRefused()
    {
        using var content = new StringContent("{\"query\": 1}", Encoding.UTF8, "application/json");
        using var response = await server.Http.PostAsync("api/sql", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("22023", error.GetProperty("sqlState").GetString());
        Assert.Equal("the request body must be SQL text or JSON {\"sql\": \"...\"}", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ASubscribeThroughTheApiEndsAfterItGoesQuietAndIsMarkedTruncated()
    {
        await SqlAsync("CREATE TABLE api_s (x INT); CREATE MATERIALIZED VIEW api_sm AS SELECT x FROM api_s; INSERT INTO api_s VALUES (5); FLUSH;");
        var (status, body) = await SqlAsync("SUBSCRIBE api_sm");
        Assert.Equal(HttpStatusCode.OK, status);
        var result = body.GetProperty("results")[0];
        Assert.True(result.GetProperty("truncated").GetBoolean());
        Assert.Equal("[\"epoch\",\"diff\",\"x\"]", JsonSerializer.Serialize(result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString())));
        var row = Assert.Single(result.GetProperty("rows").EnumerateArray());
        Assert.Equal(1, row[1].GetInt32());
        Assert.Equal(5, row[2].GetInt32());
    }

    [Fact]
    public async Task CatalogListsObjectsByKindWithColumnsAndDefinitions()
    {
        await SqlAsync("CREATE TABLE cat_t (id INT, name TEXT); CREATE MATERIALIZED VIEW cat_m AS SELECT id FROM cat_t;");
        using var response = await server.Http.GetAsync("api/catalog");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var table = Assert.Single(body.GetProperty("tables").EnumerateArray(), t => t.GetProperty("name").GetString() == "cat_t");
        Assert.Equal("""[{"name":"id","type":"integer"},{"name":"name","type":"text"}]""", table.GetProperty("columns").GetRawText());
        var view = Assert.Single(body.GetProperty("materializedViews").EnumerateArray(), t => t.GetProperty("name").GetString() == "cat_m");
        Assert.Contains("SELECT id FROM cat_t", view.GetProperty("definition").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("sources").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("sinks").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("views").ValueKind);
    }

    [Fact]
    public async Task AKafkaSourcesPartitionsAreInTheMetricsWithTheirLagAndCounts()
    {
        using var cluster = StreamSql.KafkaMock.MockKafkaCluster.Start();
        Assert.Equal(4, cluster.EnsureTopic("met_bids"));
        await SqlAsync($"CREATE SOURCE met_k (id BIGINT) WITH (connector = 'kafka', topic = 'met_bids', \"bootstrap.servers\" = '{cluster.Bootstrap}') FORMAT JSON; " +
            "CREATE MATERIALIZED VIEW met_kn AS SELECT count(*) AS n FROM met_k;");
        cluster.ProduceMany("met_bids", Enumerable.Range(0, 5).Select(i => $"{{\"id\": {i}}}"), partition: 0);
        cluster.ProduceMany("met_bids", Enumerable.Range(5, 3).Select(i => $"{{\"id\": {i}}}"), partition: 1);

        // Sampled periodically, and the lag needs each partition's high watermark from the broker:
        // wait (bounded) until every line is there.
        var expected = new List<string> { "streamsql_source_lag_records{source=\"met_k\"} 0" };
        foreach (var (partition, records) in new[] { ("0", 5), ("1", 3), ("2", 0), ("3", 0) })
        {
            expected.Add($"streamsql_source_partition_records_total{{source=\"met_k\",partition=\"{partition}\"}} {records}");
            expected.Add($"streamsql_source_partition_lag_records{{source=\"met_k\",partition=\"{partition}\"}} 0");
            expected.Add($"streamsql_source_partition_paused{{source=\"met_k\",partition=\"{partition}\"}} 0");
        }

        var lines = new HashSet<string>();
        for (var attempt = 0; attempt < 150 && !expected.All(lines.Contains); attempt++)
        {
            await Task.Delay(100);
            lines = (await server.Http.GetStringAsync("metrics")).Split('\n').Where(l => l.Contains("source=\"met_k\"", StringComparison.Ordinal)).ToHashSet();
        }

        Assert.All(expected, line => Assert.Contains(line, lines));

        var body = await server.Http.GetFromJsonAsync<JsonElement>("api/metrics");
        var source = body.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "met_k");
        Assert.Equal(["0", "1", "2", "3"], source.GetProperty("partitions").EnumerateArray().Select(p => p.GetProperty("partition").GetString()));
        Assert.Equal(5, source.GetProperty("partitions")[0].GetProperty("records").GetInt64());
        Assert.Equal(JsonValueKind.Null, source.GetProperty("error").ValueKind);
        Assert.DoesNotContain(lines, l => l.StartsWith("streamsql_source_error", StringComparison.Ordinal));
        await SqlAsync("DROP MATERIALIZED VIEW met_kn; DROP SOURCE met_k;");
    }

    [Fact]
    public async Task AKafkaSourceThatCannotReachItsBrokersSaysSoInTheMetrics()
    {
        // Nothing listens on port 1: the source keeps trying (the server stays up) and says why it reads nothing.
        await SqlAsync("CREATE SOURCE met_down (id BIGINT) WITH (connector = 'kafka', topic = 'nowhere', \"bootstrap.servers\" = '127.0.0.1:1') FORMAT JSON;");
        string? error = null;
        for (var attempt = 0; attempt < 200 && error is null; attempt++)
        {
            await Task.Delay(100);
            var body = await server.Http.GetFromJsonAsync<JsonElement>("api/metrics");
            // Sampled periodically: the source appears in a sample after its creation.
            var source = body.GetProperty("sources").EnumerateArray().FirstOrDefault(s => s.GetProperty("name").GetString() == "met_down");
            error = source.ValueKind == JsonValueKind.Object ? source.GetProperty("error").GetString() : null;
        }

        Assert.False(string.IsNullOrWhiteSpace(error));
        var text = await server.Http.GetStringAsync("metrics");
        Assert.Contains(text.Split('\n'), l => l.StartsWith("streamsql_source_error{source=\"met_down\",error=\"", StringComparison.Ordinal) && l.EndsWith("\"} 1", StringComparison.Ordinal));
        await SqlAsync("DROP SOURCE met_down;");
    }

    [Fact]
    public async Task ASourceThatFailsAtABadRecordStopsThereAndSaysSoInTheMetrics()
    {
        var folder = Directory.CreateTempSubdirectory("streamsql-fail-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.json"), "{\"a\":1}\nbad\n{\"a\":2}\n");
            await SqlAsync($"CREATE SOURCE met_fail (a BIGINT) WITH (connector = 'directory', path = '{folder}', on_error = 'fail') FORMAT JSON; " +
                "CREATE MATERIALIZED VIEW met_fail_n AS SELECT count(*) AS n FROM met_fail;");
            string? error = null;
            for (var attempt = 0; attempt < 200 && error is null; attempt++)
            {
                await Task.Delay(100);
                var body = await server.Http.GetFromJsonAsync<JsonElement>("api/metrics");
                // Sampled periodically: the source appears in a sample after its creation.
                var source = body.GetProperty("sources").EnumerateArray().FirstOrDefault(s => s.GetProperty("name").GetString() == "met_fail");
                error = source.ValueKind == JsonValueKind.Object ? source.GetProperty("error").GetString() : null;
            }

            Assert.StartsWith("source \"met_fail\" stopped at a bad record (", error, StringComparison.Ordinal);
            // Nothing after the bad record is read, also from files that arrive later.
            File.WriteAllText(Path.Combine(folder, "b.json"), "{\"a\":3}\n");
            await Task.Delay(500);
            var rows = await server.RunAsync("SELECT n FROM met_fail_n;");
            Assert.Equal(1L, Assert.Single(rows)[0]);
            var text = await server.Http.GetStringAsync("metrics");
            Assert.Contains(text.Split('\n'), l => l.StartsWith("streamsql_source_error{source=\"met_fail\",error=\"source \\\"met_fail\\\" stopped at a bad record", StringComparison.Ordinal));
            await SqlAsync("DROP MATERIALIZED VIEW met_fail_n; DROP SOURCE met_fail;");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task MetricsParseAsPrometheusText()
    {
        await SqlAsync("CREATE TABLE met_t (x INT); CREATE MATERIALIZED VIEW met_m AS SELECT x FROM met_t; INSERT INTO met_t VALUES (1), (2); FLUSH;");
        // Metrics are sampled periodically: wait (bounded) for the first sample after the inserts.
        string text = "";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await server.Http.GetAsync("metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync();
            if (text.Contains("streamsql_view_state_rows{view=\"met_m\"} 2", StringComparison.Ordinal))
                break;
            await Task.Delay(100);
        }

        var samples = new Dictionary<string, double>();
        var typed = new HashSet<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
                continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], new[] { "gauge", "counter", "histogram" });
                Assert.True(typed.Add(parts[2]), $"family {parts[2]} typed twice");
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
                continue;
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            var family = HistogramSuffix().Replace(match.Groups["name"].Value, "");
            Assert.True(typed.Contains(match.Groups["name"].Value) || typed.Contains(family), $"untyped sample {line}");
            samples[match.Groups["name"].Value + match.Groups["labels"].Value] = double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(2, samples["streamsql_view_state_rows{view=\"met_m\"}"]);
        Assert.True(samples["streamsql_epoch"] >= 1);
        Assert.True(samples.ContainsKey("streamsql_subscribers"));
        Assert.Equal(2, samples["streamsql_view_rows_in_total{view=\"met_m\"}"]);
        Assert.Equal(2, samples["streamsql_view_rows_out_total{view=\"met_m\"}"]);

        // The epoch duration histogram: cumulative buckets, +Inf equal to the count.
        var count = samples["streamsql_epoch_duration_seconds_count"];
        Assert.True(count >= 1);
        Assert.Equal(count, samples["streamsql_epoch_duration_seconds_bucket{le=\"+Inf\"}"]);
        var buckets = samples.Where(kv => kv.Key.StartsWith("streamsql_epoch_duration_seconds_bucket{", StringComparison.Ordinal) && !kv.Key.Contains("+Inf"))
            .OrderBy(kv => double.Parse(kv.Key.Split('"')[1], System.Globalization.CultureInfo.InvariantCulture)).Select(kv => kv.Value).ToList();
        Assert.Equal(14, buckets.Count);
        Assert.Equal(buckets.Order(), buckets);
        Assert.True(buckets[^1] <= count);
        Assert.True(samples["streamsql_epoch_duration_seconds_sum"] > 0);
    }

    [Fact]
    public async Task BadRecordsAndSubscriberQueuesAreMeasured()
    {
        var folder = Directory.CreateTempSubdirectory("streamsql-metrics-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "a.json"), "{\"n\": 1}\nnot json\n{\"n\": 2}\n{\"n\": \"three\"}\n");
            await SqlAsync($"CREATE SOURCE metb_s (n INT) WITH (connector = 'directory', path = '{folder.FullName}') FORMAT JSON; " +
                           "CREATE MATERIALIZED VIEW metb_m AS SELECT n FROM metb_s;");
            await using var pg = new Npgsql.NpgsqlConnection(
                $"Host=127.0.0.1;Port={server.Host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Server Compatibility Mode=NoTypeLoading");
            await pg.OpenAsync();
            await using var subscribe = new Npgsql.NpgsqlCommand("SUBSCRIBE metb_m", pg);
            await using var reader = await subscribe.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());

            string text = "";
            for (var attempt = 0; attempt < 100; attempt++)
            {
                text = await server.Http.GetStringAsync("metrics");
                if (text.Contains("streamsql_source_bad_records_total{source=\"metb_s\"} 2", StringComparison.Ordinal) &&
                    ClientQueue().IsMatch(text))
                    break;
                await Task.Delay(100);
            }

            Assert.Contains("streamsql_source_bad_records_total{source=\"metb_s\"} 2", text);
            Assert.Matches(ClientQueue(), text);
            subscribe.Cancel();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ViewCostStateSizeAndConnectionsAreMeasured()
    {
        var rows = string.Join(", ", Enumerable.Range(1, 5000).Select(g => $"({g % 500}, {g})"));
        await SqlAsync("CREATE TABLE metc_t (k INT, v INT); CREATE MATERIALIZED VIEW metc_m AS SELECT k, sum(v) AS s FROM metc_t GROUP BY k; " +
                       $"INSERT INTO metc_t VALUES {rows}; FLUSH;");
        await using var pg = new Npgsql.NpgsqlConnection(
            $"Host=127.0.0.1;Port={server.Host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Server Compatibility Mode=NoTypeLoading");
        await pg.OpenAsync();
        JsonElement view = default;
        JsonElement body = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            body = await server.Http.GetFromJsonAsync<JsonElement>("api/metrics");
            view = body.GetProperty("views").EnumerateArray().FirstOrDefault(v => v.GetProperty("name").GetString() == "metc_m");
            if (view.ValueKind == JsonValueKind.Object && view.GetProperty("stateBytes").ValueKind == JsonValueKind.Number &&
                view.GetProperty("stateRows").GetInt64() == 500 &&
                view.GetProperty("epochs").GetInt64() >= 1 && body.GetProperty("pgConnections").GetInt32() >= 1)
                break;
            await Task.Delay(100);
        }

        Assert.Equal(500, view.GetProperty("stateRows").GetInt64());
        Assert.True(view.GetProperty("epochs").GetInt64() >= 1, view.ToString());
        Assert.True(view.GetProperty("totalEpochSeconds").GetDouble() > 0, view.ToString());
        // 500 groups, each with its key, sum and row in the contents: well over 500 x 8 bytes.
        Assert.InRange(view.GetProperty("stateBytes").GetInt64(), 4_000, 10_000_000);
        Assert.True(body.GetProperty("pgConnections").GetInt32() >= 1);

        using var response = await server.Http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("streamsql_view_state_bytes{view=\"metc_m\"} ", text);
        Assert.Contains("streamsql_view_epoch_seconds_total{view=\"metc_m\"} ", text);
        Assert.Contains("streamsql_pg_connections ", text);
    }

    [Fact]
    public async Task MetricsAsJson()
    {
        await SqlAsync("CREATE TABLE metj_t (x INT); CREATE MATERIALIZED VIEW metj_m AS SELECT x FROM metj_t; FLUSH;");
        await Task.Delay(600);
        var body = await server.Http.GetFromJsonAsync<JsonElement>("api/metrics");
        Assert.True(body.GetProperty("epoch").GetInt64() >= 1);
        var view = Assert.Single(body.GetProperty("views").EnumerateArray(), v => v.GetProperty("name").GetString() == "metj_m");
        Assert.Equal(0, view.GetProperty("stateRows").GetInt64());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("sources").ValueKind);
    }

    [Fact]
    public async Task HealthStaysOpen()
    {
        Assert.Equal("ok", await server.Http.GetStringAsync("health"));
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (?<value>[-+]?(?:[0-9.eE+-]+|Inf|NaN))$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();

    [GeneratedRegex("""streamsql_client_queue_depth\{client="pg:[0-9]+",view="metb_m"\} [0-9]+""")]
    private static partial Regex ClientQueue();
}
