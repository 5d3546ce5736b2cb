using Confluent.Kafka;
using Npgsql;
using StreamSql.KafkaMock;

namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// kill -9 of the server at random instants while a producer writes to a four-partition topic
/// (librdkafka's mock cluster, in this process; the server connects to it like to any broker): after
/// every restart the source goes on from the recovered position, and in the end the view has counted
/// every record exactly once. The source starts at 'latest' and the first round has no checkpoint at
/// all, so the first restart also depends on the start offsets reaching the consumer group.
/// </summary>
[Collection(ServerBuildCollection.Name)]
public sealed class KafkaSourceRecoveryTests(ServerBuild build)
{
    private const int Rounds = 12;
    private const string Topic = "e2e_bids";

    [Fact]
    public async Task Killed_mid_stream_every_record_is_counted_exactly_once()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        using var dir = new TempDirectory();
        using var cluster = MockKafkaCluster.Start();
        Assert.Equal(MockKafkaCluster.DefaultPartitions, cluster.EnsureTopic(Topic));
        // Records from before the source: 'latest' leaves them out.
        cluster.ProduceMany(Topic, Enumerable.Range(0, 40).Select(i => Bid(1_000_000 + i)));

        long produced = 0, sum = 0;
        for (int round = 0; round <= Rounds; round++)
        {
            // Round 0 checkpoints never: its restart has only the logs (and the group's offsets).
            await using var server = await ServerProcess.StartAsync(build, Path.Combine(dir.Path, "data"), checkpointSeconds: round == 0 ? 0 : 0.05);
            Assert.True(server.PgPort > 0, $"seed {seed}, round {round}: the server did not start:\n{server.Output}");
            if (round == 0)
            {
                using var connection = server.Connect();
                Execute(connection, $"""
                    CREATE SOURCE bids (id BIGINT) WITH (connector = 'kafka', topic = '{Topic}', "bootstrap.servers" = '{cluster.Bootstrap}',
                        "group.id" = 'e2e', startup = 'latest') FORMAT JSON;
                    CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS n, sum(id) AS s, count(DISTINCT id) AS d FROM bids;
                    """);
                await WaitForStartOffsetsAsync(cluster.Bootstrap, seed);
            }

            if (round == Rounds)
            {
                var (n, s, d) = await Tables.WaitForCountAsync(server, produced, Totals, t => t.Item1);
                Assert.True(n == produced && s == sum && d == produced,
                    $"seed {seed}: expected {produced} records (sum {sum}), the view has {n} (sum {s}, {d} distinct)\n{server.Output}");
                Assert.DoesNotContain("recovery: source", server.Output);
                break;
            }

            // Records arrive in bursts over all partitions; the server is killed at a random instant.
            var killAfter = TimeSpan.FromMilliseconds(random.Next(100, 700));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < killAfter)
            {
                var burst = Enumerable.Range(0, random.Next(1, 30)).Select(_ => ++produced).ToList();
                sum += burst.Sum();
                cluster.ProduceMany(Topic, burst.Select(Bid));
                await Task.Delay(random.Next(0, 40));
            }

            server.Kill();
        }
    }

    private static string Bid(long id) => $"{{\"id\": {id}}}";

    /// <summary>Until the offsets 'latest' gave are in the consumer group (records produced before would be left out too).</summary>
    private static async Task WaitForStartOffsetsAsync(string bootstrap, int seed)
    {
        using var watcher = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "e2e" }).Build();
        var partitions = Enumerable.Range(0, MockKafkaCluster.DefaultPartitions).Select(p => new TopicPartition(Topic, p)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!watcher.Committed(partitions, TimeSpan.FromSeconds(5)).All(c => c.Offset.Value >= 0))
        {
            Assert.True(DateTime.UtcNow < deadline, $"seed {seed}: the source's start offsets never reached its group");
            await Task.Delay(50);
        }
    }

    private static (long, long, long) Totals(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT n, s, d FROM totals", connection);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return (0, 0, 0);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1)), reader.GetInt64(2));
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
