namespace StreamSql.Client;

/// <summary>The server refused or ended a subscription, or could not be reached; the message says why.</summary>
public sealed class StreamSqlException : Exception
{
    /// <summary>An error with the server's message (<c>ERROR sqlstate: message</c>).</summary>
    public StreamSqlException(string message, Exception? inner = null)
        : base(message, inner)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "^ERROR ([0-9A-Z]{5}): ");
        SqlState = match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The SQLSTATE the server gave, or null for connection failures.</summary>
    public string? SqlState { get; }
}
