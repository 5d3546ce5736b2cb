using StreamSql.Server.Engine;

namespace StreamSql.Server.Tests.Sessions;

/// <summary>
/// <c>subscription_retention</c> is the session's: it starts at the server's option, and a
/// subscription made under a longer one makes the view keep its changes that long.
/// </summary>
public sealed class SubscriptionRetentionTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task<string> ShowAsync(Session session, string name) =>
        (string)(await session.ExecuteAllAsync($"SHOW {name}", CancellationToken.None)).Single().Rows.Single()[0]!;

    [Fact]
    public async Task TheSessionsRetentionKeepsTheChangesOfItsSubscriptionsThatLong()
    {
        var clock = new Clock();
        await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Manual, Time = clock, SubscriptionRetention = TimeSpan.FromMinutes(1) });
        await using var setup = engine.OpenSession();
        Assert.Equal("1min", await ShowAsync(setup, "subscription_retention"));
        Assert.Equal("100000", await ShowAsync(setup, "max_rows_per_epoch"));
        await setup.ExecuteAllAsync("CREATE TABLE r (a INT); CREATE MATERIALIZED VIEW rv AS SELECT a FROM r", CancellationToken.None);

        await using var subscriber = engine.OpenSession();
        await subscriber.ExecuteAllAsync("SET subscription_retention = '1 hour'", CancellationToken.None);
        Assert.Equal("1 hour", await ShowAsync(subscriber, "subscription_retention"));
        StatementResult? subscribed = null;
        await foreach (var result in subscriber.ExecuteAsync("SUBSCRIBE rv", CancellationToken.None))
            subscribed = result;
        Assert.Null(subscribed!.Error);

        await setup.ExecuteAllAsync("INSERT INTO r VALUES (1); FLUSH", CancellationToken.None);
        Assert.True(await subscribed.Reader!.MoveNextAsync(CancellationToken.None));
        long first = (long)subscribed.Reader.Current[0]!;
        clock.Now += TimeSpan.FromMinutes(30);
        await setup.ExecuteAllAsync("INSERT INTO r VALUES (2); FLUSH", CancellationToken.None);

        // Half an hour later, another session (the server's one minute) resumes from before the first
        // change: the view kept it for the subscriber that asked for an hour.
        var resumed = (await setup.ExecuteAllAsync($"DECLARE c CURSOR FOR SUBSCRIBE rv WITH (SINCE = {first - 1}); FETCH ALL c", CancellationToken.None)).Last();
        Assert.Null(resumed.Result.Error);
        Assert.Equal([1, 2], resumed.Rows.Select(r => (int)r[2]!));

        await subscribed.Reader.DisposeAsync();
    }

    [Fact]
    public async Task TheEpochRowBudgetIsTheServersAndCannotBeSetInASession()
    {
        await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Manual, Runtime = Runtime.Engine.RuntimeOptions.Default with { MaxRowsPerEpoch = 500 } });
        await using var session = engine.OpenSession();
        Assert.Equal("500", await ShowAsync(session, "max_rows_per_epoch"));
        var refused = (await session.ExecuteAllAsync("SET max_rows_per_epoch = 1000", CancellationToken.None)).Single().Result.Error;
        Assert.Equal(("55P02", "parameter \"max_rows_per_epoch\" cannot be changed without restarting the server"), (refused!.SqlState, refused.Message));
        Assert.Equal("a source takes its own limit: WITH (max_rows_per_epoch = n)", refused.Hint);
    }
}
