using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Pg;

/// <summary>
/// A portal created by Bind: a statement with its parameter values, run at the first Execute and
/// then pulled row by row across Executes with a row limit (PortalSuspended between them).
/// </summary>
internal sealed class PgPortal(string name, PgStatement statement, object?[] parameters, short[]? resultFormats)
{
    public string Name { get; } = name;
    public PgStatement Statement { get; } = statement;
    public object?[] Parameters { get; } = parameters;

    /// <summary>Per-column format codes (0 text, 1 binary); null means all text.</summary>
    public short[]? ResultFormats { get; } = resultFormats;

    public StatementResult? Result { get; set; }
    public DataType[]? ColumnTypes { get; set; }
    public bool Completed { get; set; }

    public async ValueTask DisposeReaderAsync()
    {
        if (Result?.Reader is { } reader)
        {
            Result = null;
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }
}
