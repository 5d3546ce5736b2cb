using Npgsql;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Engine;
using StreamSql.Server.Durability;

namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// The epoch log (<c>offsets/</c>): every epoch is logged before it runs, so after a kill -9 the
/// epochs since the last checkpoint run again with the same numbers, the same table changes and the
/// same records of each source. A file sink that publishes every epoch at once (no checkpoints)
/// then writes the very same <c>epoch=N</c> folders again, never a second copy under other numbers.
/// </summary>
[Collection(ServerBuildCollection.Name)]
public sealed class EpochLogTests(ServerBuild build)
{
    [Fact]
    public void Epoch_records_keep_the_event_time_each_source_had_reached()
    {
        using var dir = new TempDirectory();
        var options = new DurabilityOptions { DataDirectory = dir.Path };
        using (var store = DurableStore.Open(options, out _))
        {
            store.AppendEpoch(new EpochRecord(3, 0, 1_000, [new SourceRead("bids", 5, new SourcePosition("0:5"))])
            {
                EventTimes = [new SourceEventTime("bids", 42_000_000), new SourceEventTime("quiet", null)],
            });
            store.AppendEpoch(new EpochRecord(4, 0, 2_000, []));
        }

        using (DurableStore.Open(options, out var plan))
        {
            Assert.Equal([3L, 4L], plan.Epochs.Select(e => e.Epoch));
            Assert.Equal([new SourceEventTime("bids", 42_000_000), new SourceEventTime("quiet", null)], plan.Epochs[0].EventTimes.ToArray());
            Assert.Equal(new SourceRead("bids", 5, new SourcePosition("0:5")), Assert.Single(plan.Epochs[0].Sources));
            Assert.Empty(plan.Epochs[1].EventTimes);
        }
    }

    [Fact]
    public async Task Epochs_run_again_after_a_kill_have_their_numbers_and_contents()
    {
        using var dir = new TempDirectory();
        var input = Path.Combine(dir.Path, "incoming");
        var output = Path.Combine(dir.Path, "out");
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(input);
        int nextId = 0;
        Dictionary<string, string> before;
        await using (var server = await ServerProcess.StartAsync(build, data, checkpointSeconds: 0))
        {
            using var connection = server.Connect();
            Execute(connection, $"""
                CREATE SOURCE ev (id BIGINT) WITH (connector = 'directory', path = '{input}', pattern = '*.json') FORMAT JSON;
                CREATE TABLE notes (id BIGINT);
                CREATE MATERIALIZED VIEW ids AS SELECT id FROM ev UNION ALL SELECT id FROM notes;
                CREATE SINK out FROM ids WITH (connector = 'file', path = '{output}') FORMAT JSON;
                """);
            long expected = 0;
            for (int round = 0; round < 6; round++)
            {
                // Files and inserts interleave, so epochs take records, table changes or both.
                for (int f = 0; f <= round % 3; f++)
                {
                    var lines = Enumerable.Range(0, 7).Select(_ => $"{{\"id\": {++nextId}}}").ToList();
                    expected += lines.Count;
                    var name = $"part-{round:D2}-{f}.json";
                    await File.WriteAllLinesAsync(Path.Combine(input, "." + name), lines);
                    File.Move(Path.Combine(input, "." + name), Path.Combine(input, name));
                }

                Execute(connection, $"INSERT INTO notes VALUES ({1000 + round})");
                expected++;
                await WaitForCountAsync(connection, expected, server);
            }

            before = Folders(output);
            server.Kill();
        }

        Assert.True(before.Count >= 6, $"expected an epoch folder per round at least, found {before.Count}");
        await using (var server = await ServerProcess.StartAsync(build, data, checkpointSeconds: 0))
        {
            Assert.True(server.PgPort > 0, server.Output);
            Assert.DoesNotContain("runs again as epoch", server.Output);
            Assert.DoesNotContain("delivered", server.Output);
            using var connection = server.Connect();
            await WaitForCountAsync(connection, nextId + 6, server);
            var after = Folders(output);
            Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
            foreach (var (folder, contents) in before)
                Assert.Equal(contents, after[folder]);
        }
    }

    /// <summary>Every <c>epoch=N</c> folder of the sink with its records, sorted.</summary>
    private static Dictionary<string, string> Folders(string output) =>
        Directory.GetDirectories(output, "epoch=*").ToDictionary(
            d => Path.GetFileName(d),
            d => string.Join("\n", Directory.GetFiles(d).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal)));

    private static async Task WaitForCountAsync(NpgsqlConnection connection, long expected, ServerProcess server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long count = 0;
        while (DateTime.UtcNow < deadline)
        {
            using var command = new NpgsqlCommand("SELECT count(*) FROM ids", connection);
            count = Convert.ToInt64(command.ExecuteScalar());
            if (count == expected)
                return;
            await Task.Delay(20);
        }

        Assert.Fail($"expected {expected} rows in the view, found {count}\n{server.Output}");
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
