using System.Diagnostics;
using System.Text.Json;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;
using StreamSql.Server.Pg;

namespace StreamSql.Server.Tests.Pg;

/// <summary>
/// Runs node-postgres (tests/Server.Tests/Pg/node/client.mjs) once against the real engine, live,
/// over two hosts (trust, and SCRAM-SHA-256 for alice/secret), and keeps what it printed: one JSON
/// line per scenario. A fresh clone has no node_modules; npm ci installs the locked versions.
/// </summary>
public sealed class NodePgFixture : IAsyncLifetime
{
    private readonly QueryEngine _engine = new(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = TextWriter.Null });
    private ServerHost? _trust;
    private ServerHost? _scram;

    public Dictionary<string, JsonElement> Scenarios { get; } = new(StringComparer.Ordinal);

    /// <summary>All the script printed, for failure messages.</summary>
    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _engine.Start();
        _trust = await ServerHost.StartAsync(new ServerOptions { PgPort = 0, HttpPort = 0 }, _engine);
        _scram = await ServerHost.StartAsync(new ServerOptions
        {
            PgPort = 0,
            HttpPort = 0,
            User = "alice",
            Password = "secret",
            AuthMethod = PgAuthMethod.ScramSha256,
        }, _engine);

        var folder = FixtureFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "pg-query-stream")))
            await RunAsync(folder, "npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(3));
        var (output, error) = await RunAsync(folder, "node", ["client.mjs", _trust.PgPort.ToString(), _scram.PgPort.ToString()], TimeSpan.FromMinutes(2));
        Output = output + error;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var json = JsonDocument.Parse(line).RootElement;
            Scenarios[json.GetProperty("scenario").GetString()!] = json;
        }
    }

    /// <summary>The scenario's line without its name, as compact JSON.</summary>
    public string Result(string scenario)
    {
        Assert.True(Scenarios.TryGetValue(scenario, out var json), $"no line for {scenario}: {Output}");
        var fields = json.EnumerateObject().Where(p => p.Name != "scenario").ToDictionary(p => p.Name, p => p.Value);
        return JsonSerializer.Serialize(fields, Readable);
    }

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string FixtureFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StreamSql.sln")))
            dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("StreamSql.sln not found"), "tests", "Server.Tests", "Pg", "node");
    }

    private static async Task<(string Output, string Error)> RunAsync(string folder, string file, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        // Timestamps without a zone are read by node-postgres in the local zone: fixed to UTC here.
        info.Environment["TZ"] = "UTC";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish: {await output}{await error}");
        }
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {await output}{await error}");
        return (await output, await error);
    }

    public async Task DisposeAsync()
    {
        if (_scram is not null)
            await _scram.DisposeAsync();
        if (_trust is not null)
            await _trust.DisposeAsync();
        await _engine.DisposeAsync();
    }
}
