using Npgsql;

namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// kill -9 at random instants while files arrive in a directory source's folder and checkpoints
/// are written: after every restart the source resumes where the recovered state stopped reading,
/// so every file's records are counted exactly once in the view, never twice.
/// </summary>
[Collection(ServerBuildCollection.Name)]
public sealed class DirectorySourceRecoveryTests(ServerBuild build)
{
    private const int Rounds = 20;
    private const int RecordsPerFile = 25;

    [Fact]
    public async Task Killed_while_files_arrive_every_record_is_counted_exactly_once()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        using var dir = new TempDirectory();
        var input = Path.Combine(dir.Path, "incoming");
        Directory.CreateDirectory(input);
        long expectedCount = 0, expectedSum = 0;
        int nextFile = 0, nextId = 0;
        for (int round = 0; round <= Rounds; round++)
        {
            await using var server = await ServerProcess.StartAsync(build, Path.Combine(dir.Path, "data"), checkpointSeconds: 0.05);
            Assert.True(server.PgPort > 0, $"seed {seed}, round {round}: the server did not start:\n{server.Output}");
            if (round == 0)
            {
                using var connection = server.Connect();
                Execute(connection, $"""
                    CREATE SOURCE ev (id BIGINT) WITH (connector = 'directory', path = '{input}', pattern = '*.json') FORMAT JSON;
                    CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS n, sum(id) AS s FROM ev;
                    """);
            }

            if (round == Rounds)
            {
                // Everything written is read in the end, and nothing twice.
                var (n, s) = await Tables.WaitForCountAsync(server, expectedCount, Totals, t => t.Item1);
                Assert.True(n == expectedCount && s == expectedSum,
                    $"seed {seed}: expected {expectedCount} records (sum {expectedSum}), the view has {n} (sum {s})\n{server.Output}");
                break;
            }

            // Files arrive (written under a temporary name, then renamed, as a producer should);
            // the server is killed at a random instant while it reads them.
            var files = random.Next(1, 5);
            var killAfter = TimeSpan.FromMilliseconds(random.Next(0, 300));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int f = 0; f < files; f++)
            {
                var lines = new List<string>();
                for (int r = 0; r < RecordsPerFile; r++)
                {
                    int id = ++nextId;
                    lines.Add($"{{\"id\": {id}}}");
                    expectedCount++;
                    expectedSum += id;
                }

                var name = $"part-{nextFile++:D5}.json";
                var temp = Path.Combine(input, "." + name + ".tmp");
                await File.WriteAllLinesAsync(temp, lines);
                File.Move(temp, Path.Combine(input, name));
                await Task.Delay(random.Next(0, 60));
            }

            if (clock.Elapsed < killAfter)
                await Task.Delay(killAfter - clock.Elapsed);
            server.Kill();
        }
    }

    private static (long, long) Totals(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT n, s FROM totals", connection);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return (0, 0);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1)));
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
