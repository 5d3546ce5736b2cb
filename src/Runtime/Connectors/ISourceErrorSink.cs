namespace StreamSql.Runtime.Connectors;

/// <summary>
/// Receives records a source could not decode, per its <c>on_error</c> option: appended to the
/// <c>&lt;source&gt;_errors(raw, error, position, at)</c> table, counted, or failing the source.
/// </summary>
public interface ISourceErrorSink
{
    void Report(string raw, string error, SourcePosition position);
}
