using Npgsql;
using StreamSql.Server.Durability;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;

namespace StreamSql.Server.Tests.Pg;

/// <summary>
/// The rows of an acknowledged COPY are in the table's write-ahead log: a server started again on
/// the same data directory (without any checkpoint to read them from) has them, and a failed COPY
/// left nothing behind.
/// </summary>
public sealed class CopyDurabilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamsql-copy-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<(QueryEngine Engine, ServerHost Host)> StartAsync(string dataDir)
    {
        var engine = new QueryEngine(new EngineOptions
        {
            Mode = EngineMode.Live,
            ConsoleOutput = TextWriter.Null,
            Durability = new DurabilityOptions { DataDirectory = dataDir, Fsync = FsyncPolicy.Always, CheckpointInterval = TimeSpan.Zero },
        });
        engine.Recover();
        engine.Start();
        var host = await ServerHost.StartAsync(new ServerOptions { PgPort = 0, HttpPort = 0 }, engine);
        return (engine, host);
    }

    private static NpgsqlConnection Open(ServerHost host)
    {
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Timeout=15;Server Compatibility Mode=NoTypeLoading");
        connection.Open();
        return connection;
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task RowsOfAnAcknowledgedCopySurviveARestart()
    {
        var (engine, host) = await StartAsync(_dir);
        using (var connection = Open(host))
        {
            Scalar(connection, "CREATE TABLE kept (id INT PRIMARY KEY, note TEXT)");
            using (var writer = connection.BeginTextImport("COPY kept FROM STDIN (FORMAT csv)"))
            {
                for (var i = 1; i <= 1000; i++)
                    writer.Write($"{i},\"note {i}\"\n");
            }

            // A COPY that fails (a duplicate key on its last row) leaves nothing, in memory or in the log.
            Assert.Throws<PostgresException>(() =>
            {
                using var writer = connection.BeginTextImport("COPY kept FROM STDIN (FORMAT csv)");
                writer.Write("2000,x\n1,again\n");
            });
        }

        await host.DisposeAsync();
        await engine.DisposeAsync();

        (engine, host) = await StartAsync(_dir);
        try
        {
            using var connection = Open(host);
            Assert.Equal(1000L, Scalar(connection, "SELECT count(*) FROM kept"));
            Assert.Equal(500500L, Scalar(connection, "SELECT sum(id) FROM kept"));
            Assert.Equal("note 1000", Scalar(connection, "SELECT note FROM kept WHERE id = 1000"));
            Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM kept WHERE id = 2000"));
        }
        finally
        {
            await host.DisposeAsync();
            await engine.DisposeAsync();
        }
    }
}
