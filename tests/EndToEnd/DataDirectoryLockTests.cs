namespace StreamSql.EndToEnd.Tests;

/// <summary>Two servers on one data directory: the second refuses with a clear message; a killed server leaves no stale lock.</summary>
[Collection(ServerBuildCollection.Name)]
public sealed class DataDirectoryLockTests(ServerBuild build)
{
    [Fact]
    public async Task A_second_server_on_the_same_data_directory_refuses_to_start()
    {
        using var dir = new TempDirectory();
        await using var first = await ServerProcess.StartAsync(build, dir.Path);
        Assert.True(first.PgPort > 0, first.Output);

        await using var second = await ServerProcess.StartAsync(build, dir.Path);
        await second.WaitForExitAsync();
        Assert.Equal(0, second.PgPort);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"streamsql: data directory \"{dir.Path}\" is in use by another StreamSql server; stop that server or start this one with another --data-dir", second.Output);

        first.Kill();
        await using var third = await ServerProcess.StartAsync(build, dir.Path);
        Assert.True(third.PgPort > 0, third.Output);
    }
}
