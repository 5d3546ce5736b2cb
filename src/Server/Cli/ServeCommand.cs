using System.CommandLine;
using StreamSql.Server.Durability;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;
using StreamSql.Server.Live;

namespace StreamSql.Server.Cli;

/// <summary>
/// <c>streamsql serve</c>: one process serving the Postgres wire protocol and HTTP over one engine,
/// until SIGTERM or Ctrl+C. <c>--demo</c> first creates a generator-backed source and a few live views.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Data directory", DefaultValueFactory = _ => "./streamsql-data" };
        var pgPort = new Option<int>("--pg-port") { Description = "Postgres wire protocol port (0: any free port)", DefaultValueFactory = _ => ServerOptions.DefaultPgPort };
        var httpPort = new Option<int>("--http-port") { Description = "HTTP port: health, API, SignalR, web console (0: any free port)", DefaultValueFactory = _ => ServerOptions.DefaultHttpPort };
        var listen = new Option<string>("--listen") { Description = "Address to listen on (a non-loopback address needs a password)", DefaultValueFactory = _ => "127.0.0.1" };
        var demo = new Option<bool>("--demo") { Description = "Start with a generator-backed source and live demo views" };
        var user = new Option<string?>("--user") { Description = "User name clients must log in as" };
        var password = new Option<string?>("--password") { Description = "Password of --user (SCRAM-SHA-256)" };
        var usersFile = new Option<string?>("--users-file") { Description = "File of 'user:password' lines" };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate for TLS on the Postgres port" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key for --tls-cert" };
        var fsync = new Option<string>("--fsync")
        {
            Description = "When logged changes are forced to disk: always (before each acknowledgement, group commit), periodic (every 100 ms) or never",
            DefaultValueFactory = _ => "always",
        };
        fsync.AcceptOnlyFromAmong("always", "periodic", "never");
        var checkpointInterval = new Option<double>("--checkpoint-interval")
        {
            Description = "Seconds between checkpoints of the runtime state (0: never)",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command("serve", "Run the server: Postgres wire protocol, HTTP API and live subscriptions")
        {
            dataDir, pgPort, httpPort, listen, demo, user, password, usersFile, tlsCert, tlsKey, fsync, checkpointInterval,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ServerOptions
            {
                DataDirectory = parse.GetValue(dataDir)!,
                PgPort = parse.GetValue(pgPort),
                HttpPort = parse.GetValue(httpPort),
                ListenAddress = parse.GetValue(listen)!,
                User = parse.GetValue(user),
                Password = parse.GetValue(password),
                UsersFile = parse.GetValue(usersFile),
                TlsCertificateFile = parse.GetValue(tlsCert),
                TlsKeyFile = parse.GetValue(tlsKey),
            };
            var interval = parse.GetValue(checkpointInterval);
            if (interval < 0 || double.IsNaN(interval) || interval > TimeSpan.MaxValue.TotalSeconds / 2)
                throw new UsageException("--checkpoint-interval takes a number of seconds, 0 or more (0: never)");
            var durability = new DurabilityOptions
            {
                DataDirectory = options.DataDirectory,
                Fsync = Enum.Parse<FsyncPolicy>(parse.GetValue(fsync)!, ignoreCase: true),
                CheckpointInterval = TimeSpan.FromSeconds(interval),
            };
            return await RunAsync(options, parse.GetValue(demo), Console.Out, ct, durability);
        });
        return command;
    }

    /// <summary>Runs the server until <paramref name="ct"/> is cancelled; with <paramref name="durability"/> it first recovers from the data directory.</summary>
    public static async Task<int> RunAsync(ServerOptions options, bool demo, TextWriter output, CancellationToken ct, DurabilityOptions? durability = null)
    {
        if (options.PgPort is < 0 or > 65535 || options.HttpPort is < 0 or > 65535)
            throw new UsageException("--pg-port and --http-port take a port number from 0 to 65535");
        // Options that cannot work are usage errors, said before the data directory is touched.
        try
        {
            ServerHost.ResolvePgOptions(options, ServerHost.ParseAddress(options.ListenAddress));
        }
        catch (ServerOptionsException e)
        {
            throw new UsageException(e.Message);
        }
        await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Live, Log = output, Durability = durability is null ? null : durability with { Log = output } });
        try
        {
            engine.Recover();
        }
        catch (DurabilityException e)
        {
            Console.Error.WriteLine($"streamsql: {e.Message}");
            return ExitCodes.UserError;
        }

        // A recovered catalog already holds the demo objects.
        if (demo && engine.Catalog.Find(DemoPipeline.Views[0]) is null)
        {
            var error = await DemoPipeline.CreateAsync(engine, ct);
            if (error is not null)
            {
                Console.Error.WriteLine($"streamsql: the demo pipeline failed: {error}");
                return ExitCodes.Internal;
            }
        }

        engine.Start();
        ServerHost host;
        try
        {
            host = await ServerHost.StartAsync(options, engine, b => LiveEndpoints.Configure(b, engine), LiveEndpoints.Map, ct);
        }
        catch (ServerOptionsException e)
        {
            Console.Error.WriteLine($"streamsql: {e.Message}");
            return ExitCodes.UserError;
        }

        await using (host)
        {
            output.WriteLine($"StreamSql is listening: postgres on {host.Address}:{host.PgPort}, http on http://{host.Address}:{host.HttpPort}/");
            output.WriteLine($"  psql -h {host.Address} -p {host.PgPort} -U streamsql streamsql");
            if (demo)
                output.WriteLine($"  demo views: {string.Join(", ", DemoPipeline.Views)} (try: SELECT * FROM {DemoPipeline.Views[0]};)");
            await host.WaitForShutdownAsync(ct);
        }

        return ExitCodes.Success;
    }
}
