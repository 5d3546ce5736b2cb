namespace StreamSql.Server.Live;

/// <summary>An error a live client is told about: SQLSTATE and message, as the Postgres port would say it.</summary>
public sealed class LiveException(string sqlState, string message, string? hint = null) : Exception(message)
{
    public string SqlState { get; } = sqlState;

    public string? Hint { get; } = hint;

    /// <summary>The text a client sees: <c>ERROR 53400: message (hint)</c>.</summary>
    public string ClientMessage => Hint is null ? $"ERROR {SqlState}: {Message}" : $"ERROR {SqlState}: {Message} (hint: {Hint})";
}
