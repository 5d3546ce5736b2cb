using System.Diagnostics;
using System.Text.Json;

namespace StreamSql.Server.Tests.Live;

/// <summary>The JavaScript client (<c>@microsoft/signalr</c> on node) receives the same frames as the .NET one.</summary>
public sealed class NodeClientTests(LiveServerFixture server) : IClassFixture<LiveServerFixture>
{
    private static string FixtureFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StreamSql.sln")))
            dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("StreamSql.sln not found"), "tests", "Server.Tests", "Live", "node");
    }

    private static async Task RunAsync(string folder, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {await output}{await error}");
    }

    [Fact]
    public async Task NodeGetsTheSameFramesAsDotNet()
    {
        var folder = FixtureFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@microsoft", "signalr")))
            await RunAsync(folder, "npm", "ci", "--no-audit", "--no-fund");
        await server.RunAsync("""
            CREATE TABLE node_t (k TEXT, at TIMESTAMP, v NUMERIC);
            CREATE MATERIALIZED VIEW node_m AS SELECT k, at, v FROM node_t;
            INSERT INTO node_t VALUES ('a', '2024-05-06 07:08:09', 1.25); FLUSH;
            """);

        var info = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "frames.mjs", new Uri(server.BaseUri, "hubs/stream").ToString(), "node_m", "2" })
            info.ArgumentList.Add(a);
        using var node = Process.Start(info)!;
        var lines = new List<string>();
        while (await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            if (line == "ready")
            {
                await server.RunAsync("UPDATE node_t SET v = 2.5 WHERE k = 'a'; FLUSH;");
                continue;
            }

            lines.Add(line);
        }

        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(node.ExitCode == 0, await node.StandardError.ReadToEndAsync());
        Assert.Equal(2, lines.Count);

        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("""["k","at","v"]""", first.GetProperty("columns").GetRawText());
        Assert.Equal("""[{"diff":1,"row":["a","2024-05-06T07:08:09",1.25]}]""", first.GetProperty("changes").GetRawText());
        Assert.False(first.GetProperty("progress").GetBoolean());
        var second = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal(JsonValueKind.Null, second.GetProperty("columns").ValueKind);
        Assert.Equal("""[{"diff":-1,"row":["a","2024-05-06T07:08:09",1.25]},{"diff":1,"row":["a","2024-05-06T07:08:09",2.5]}]""",
            second.GetProperty("changes").GetRawText());

        // The .NET client, resuming after the node client's first epoch, reads the same second frame.
        await using var connection = await server.ConnectAsync();
        await using var frames = Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions
            .StreamAsync<JsonElement>(connection, "Subscribe", "node_m", new StreamSql.Server.Live.SubscribeOptions { Since = first.GetProperty("epoch").GetInt64() })
            .GetAsyncEnumerator();
        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(second.GetProperty("epoch").GetInt64(), frames.Current.GetProperty("epoch").GetInt64());
        Assert.Equal(second.GetProperty("changes").GetRawText(), frames.Current.GetProperty("changes").GetRawText());
    }
}
