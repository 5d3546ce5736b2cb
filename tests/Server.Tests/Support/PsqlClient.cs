using System.Diagnostics;

namespace StreamSql.Server.Tests.Support;

/// <summary>Runs the real psql (postgresql-client) against a server on loopback and collects what it printed.</summary>
internal static class PsqlClient
{
    public const string Path = "/usr/bin/psql";

    /// <summary>
    /// <c>psql -X -h 127.0.0.1 -p port -U user -d database -v ON_ERROR_STOP=1 args...</c>, with a 10 s
    /// connect timeout and 30 s in all; <paramref name="sslMode"/> sets PGSSLMODE when given.
    /// </summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(int port, string user, string database, IEnumerable<string> args, string? sslMode = null)
    {
        Assert.True(File.Exists(Path), "psql is needed for these tests: apt-get install postgresql-client");
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-X", "-h", "127.0.0.1", "-p", port.ToString(), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1" }.Concat(args))
            start.ArgumentList.Add(a);
        start.Environment["PGCONNECT_TIMEOUT"] = "10";
        if (sslMode is not null)
            start.Environment["PGSSLMODE"] = sslMode;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
