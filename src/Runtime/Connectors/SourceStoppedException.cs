namespace StreamSql.Runtime.Connectors;

/// <summary>
/// Thrown by <see cref="ISource.Poll"/> when the source must not go past a record (its error sink
/// refused it: <c>on_error = 'fail'</c>). The rows <see cref="ISource.Poll"/> added to the builder
/// before that record are good and <see cref="Position"/> is the position after them; the refused
/// record and everything after it stay unread. <see cref="Error"/> is what the error sink raised.
/// </summary>
public sealed class SourceStoppedException(SqlStateException error, SourcePosition? position)
    : Exception(error.Message, error)
{
    public SqlStateException Error { get; } = error;

    /// <summary>The position after the last record taken; null when the poll took none (the source's previous position holds).</summary>
    public SourcePosition? Position { get; } = position;
}
