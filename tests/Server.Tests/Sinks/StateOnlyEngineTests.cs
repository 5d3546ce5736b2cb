using StreamSql.Server.Engine;

namespace StreamSql.Server.Tests.Sinks;

/// <summary>
/// The engine compaction rebuilds state in (<see cref="EngineMode.StateOnly"/>) must not touch what
/// the live engine's sinks write to: the same statements that make a Manual engine write files and
/// print rows leave the folder empty and the console silent, and sinks to unreachable PostgreSQL
/// and Kafka servers neither fail nor report anything.
/// </summary>
public sealed class StateOnlyEngineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("streamsql-stateonly-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Runs the statements; with <paramref name="unreachable"/> also sinks to a PostgreSQL and a Kafka that are not there.</summary>
    private static async Task<(string Console, string Log)> RunAsync(EngineMode mode, string output, bool unreachable)
    {
        var elsewhere = unreachable ? """
            CREATE SINK pg FROM per_g WITH (connector = 'postgres', url = 'postgres://postgres@127.0.0.1:1/db', table = 'per_g', primary_key = 'g', create_table = 'true');
            CREATE SINK to_kafka FROM t WITH (connector = 'kafka', topic = 'ids', "bootstrap.servers" = '127.0.0.1:1') FORMAT JSON;
            """ : "";
        var console = new StringWriter();
        var log = new StringWriter();
        await using (var engine = new QueryEngine(new EngineOptions { Mode = mode, ConsoleOutput = console, Log = log }))
        {
            await using var session = engine.OpenSession();
            foreach (var (result, _) in await session.ExecuteAllAsync($"""
                CREATE TABLE t (id INT, g INT);
                CREATE MATERIALIZED VIEW per_g AS SELECT g, count(*) AS n FROM t GROUP BY g;
                CREATE SINK files FROM per_g WITH (connector = 'file', path = '{output}') FORMAT JSON;
                CREATE SINK screen FROM per_g WITH (connector = 'console') FORMAT TEXT;
                {elsewhere}
                INSERT INTO t VALUES (1, 1), (2, 1), (3, 2);
                """, CancellationToken.None))
                Assert.Null(result.Error);
        }

        return (console.ToString(), log.ToString());
    }

    [Fact]
    public async Task SinksOfAStateOnlyEngineWriteNothingAnywhere()
    {
        // The same statements in a Manual engine write files and print (so the checks below can fail).
        var manual = Path.Combine(folder, "manual");
        var (manualConsole, _) = await RunAsync(EngineMode.Manual, manual, unreachable: false);
        Assert.NotEmpty(Directory.EnumerateFiles(manual, "*", SearchOption.AllDirectories));
        Assert.NotEqual("", manualConsole);

        var stateOnly = Path.Combine(folder, "state-only");
        var (console, log) = await RunAsync(EngineMode.StateOnly, stateOnly, unreachable: true);
        Assert.False(Directory.Exists(stateOnly) && Directory.EnumerateFileSystemEntries(stateOnly, "*", SearchOption.AllDirectories).Any());
        Assert.Equal("", console);
        Assert.Equal("", log);
    }
}
