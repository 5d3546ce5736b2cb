using StreamSql.Runtime.Types;

namespace StreamSql.Server.Engine;

/// <summary>
/// What Parse/Describe need to know of a statement before it runs: the types of its <c>$n</c>
/// parameters (those the client left unspecified are inferred) and the columns it will return
/// (null for statements without rows). <see cref="Error"/> is set when the statement does not bind.
/// </summary>
public sealed record PreparedStatementInfo(
    string Sql,
    IReadOnlyList<DataType> ParameterTypes,
    IReadOnlyList<ResultColumn>? Columns,
    EngineError? Error = null);
