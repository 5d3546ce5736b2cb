using System.Runtime.CompilerServices;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Bench.Pg;

/// <summary>Answers any statement with the single row of <c>SELECT 1</c>, reusing one row array.</summary>
public sealed class SelectOneSession : ISqlSession
{
    private static readonly IReadOnlyList<ResultColumn> Columns = [new("?column?", DataType.Int32)];
    private readonly object?[] _row = [1];

    public IReadOnlyDictionary<string, string> ReportedParameters { get; } = new Dictionary<string, string> { ["server_version"] = "15.0" };

    public async IAsyncEnumerable<StatementResult> ExecuteAsync(string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield return Result();
    }

    public ValueTask<PreparedStatementInfo> PrepareAsync(string sql, IReadOnlyList<DataType?> parameterTypes, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new PreparedStatementInfo(sql, [], Columns));

    public ValueTask<StatementResult> ExecutePreparedAsync(PreparedStatementInfo statement, IReadOnlyList<object?> parameters, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Result());

    private StatementResult Result() => new() { Kind = ResultKind.Rows, CommandTag = "SELECT", Columns = Columns, Reader = new OneRowReader(_row) };

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
