using System.Collections.Immutable;
using StreamSql.Runtime;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Types;

namespace StreamSql.Server.Engine;

/// <summary>
/// Where a source's undecodable records go, per its <c>on_error</c> option: appended to its
/// <c>&lt;source&gt;_errors(raw, error, position, at)</c> table (<c>dead_letter</c>, the default),
/// only counted (<c>skip</c>), or stopping the source with the record's error (<c>fail</c>).
/// A bad record never stops a source unless asked to. (The runtime counts them for metrics.)
/// </summary>
internal sealed class DeadLetterSink(StreamingRuntime runtime, string source, string onError, TimeProvider time) : ISourceErrorSink
{
    private static readonly ImmutableArray<DataType> Types = [DataType.Text, DataType.Text, DataType.Text, DataType.TimestampTz];

    public void Report(string raw, string error, SourcePosition position)
    {
        switch (onError)
        {
            case "skip":
                return;
            case "fail":
                throw new SqlStateException("22P02", $"source \"{source}\" stopped at a bad record ({position.Value}): {error}",
                    hint: "fix the record, or create the source with on_error = 'dead_letter' or 'skip'");
            default:
                var at = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
                using (var row = Batch.FromRows(Types, [[raw, error, position.Value, at]]))
                    runtime.ApplyDelta(source + "_errors", row);
                return;
        }
    }
}
