namespace StreamSql.Runtime.Expressions;

/// <summary>Where a dataflow's expressions report the data errors they turned into NULL (see <see cref="ExpressionCompiler"/>).</summary>
public interface IExpressionErrorSink
{
    void OnExpressionError(SqlStateException error);
}
