namespace StreamSql.Runtime;

/// <summary>
/// An error that reaches the user with a SQLSTATE: division by zero (22012), numeric overflow
/// (22003), invalid text for a type (22P02, 22007, 22008), a duplicate key (23505) and the like.
/// Thrown by the runtime for errors in data; never for bugs.
/// </summary>
public sealed class SqlStateException(string sqlState, string message, string? detail = null, string? hint = null)
    : Exception(message)
{
    public string SqlState { get; } = sqlState;
    public string? Detail { get; } = detail;
    public string? Hint { get; } = hint;
}
