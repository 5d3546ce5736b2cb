namespace StreamSql.Client;

/// <summary>How a <see cref="StreamSqlClient"/> connects and reconnects.</summary>
public sealed record StreamSqlClientOptions
{
    /// <summary>A user of the server (the same as on its Postgres port), sent with <see cref="Password"/> as basic auth.</summary>
    public string? User { get; init; }

    /// <summary>The password of <see cref="User"/>.</summary>
    public string? Password { get; init; }

    /// <summary>A bearer token from <c>POST /api/token</c>, instead of a user and password.</summary>
    public string? AccessToken { get; init; }

    /// <summary>Waits between reconnection attempts; the last one repeats. Default 0.1 s, 0.5 s, 1 s, 2 s.</summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays { get; init; } =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>Attempts after a lost connection before the subscription fails (default 30).</summary>
    public int MaxReconnectAttempts { get; init; } = 30;
}
