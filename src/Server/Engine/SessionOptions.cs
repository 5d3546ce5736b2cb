namespace StreamSql.Server.Engine;

/// <summary>What a client said when it opened a session (the StartupMessage, or the HTTP user).</summary>
/// <param name="Parameters">Every startup parameter as sent (client_encoding, DateStyle, application_name...).</param>
public sealed record SessionOptions(string User, string Database, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The front end can read the rows of COPY FROM STDIN from its client (the Postgres wire protocol).</summary>
    public bool ReadsCopyData { get; init; }
}
