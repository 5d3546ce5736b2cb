namespace StreamSql.Server.Engine;

/// <summary>How a front end must deliver a statement's result.</summary>
public enum ResultKind
{
    /// <summary>No rows: only a command tag (CREATE, INSERT 0 3, SET...).</summary>
    Command,
    /// <summary>Rows with a description (SELECT, SHOW, FETCH, a plain SUBSCRIBE that streams until cancelled).</summary>
    Rows,
    /// <summary><c>COPY (...) TO STDOUT</c>: rows as text lines in CopyData messages, until cancelled or done.</summary>
    CopyOut,
    /// <summary><c>COPY table FROM STDIN</c>: the front end reads the rows from the client and hands them to <see cref="StatementResult.CopyIn"/>.</summary>
    CopyIn,
    /// <summary>The statement failed; see <see cref="StatementResult.Error"/>.</summary>
    Error,
}
