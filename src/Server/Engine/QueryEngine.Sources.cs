using System.Collections.Immutable;
using StreamSql.Planner;
using StreamSql.Runtime.Types;
using PlanColumn = StreamSql.Planner.ColumnDefinition;

namespace StreamSql.Server.Engine;

public sealed partial class QueryEngine
{
    /// <summary>The columns of a source's dead-letter table, <c>&lt;source&gt;_errors</c> (dialect.md).</summary>
    internal static readonly ImmutableArray<PlanColumn> DeadLetterColumns =
    [
        new("raw", DataType.Text),
        new("error", DataType.Text),
        new("position", DataType.Text),
        new("at", DataType.TimestampTz),
    ];

    /// <summary>
    /// Registers a source with the runtime and, unless <c>on_error</c> says otherwise, its
    /// dead-letter table, where records that cannot be decoded are kept with their position.
    /// The connector starts only in live mode; under <c>streamsql test</c> rows come from <c>ingest</c>.
    /// </summary>
    private void CreateSource(Planner.SourceDefinition source, Catalog after)
    {
        var onError = source.Connector.Get("on_error") ?? "dead_letter";
        // The connector first: options it refuses (a missing folder...) must leave nothing behind.
        var connector = Options.Mode == EngineMode.Live ? _connectors.CreateSource(source) : null;
        Planner.TableDefinition? deadLetter = null;
        if (onError == "dead_letter")
        {
            var name = source.Name + "_errors";
            if (after.Find(name) is not null)
                throw new Runtime.SqlStateException("42P07", $"relation \"{name}\" already exists",
                    hint: $"the dead-letter table of source \"{source.Name}\" is named {name}; drop or rename the existing relation, or set on_error = 'skip'");
            deadLetter = new Planner.TableDefinition(0, name, DeadLetterColumns,
                $"-- dead-letter table of source {source.Name}", ImmutableArray<int>.Empty, AppendOnly: true, Watermark: null);
            Runtime.CreateTable(ToRuntime(deadLetter));
        }

        var definition = new Runtime.Engine.SourceDefinition(source.Name, Schema(source.Columns),
            source.Watermark is { } w ? new Runtime.Time.WatermarkSpec(w.ColumnIndex, w.Delay.TotalMicros) : null);
        try
        {
            Runtime.CreateSource(definition, connector, new DeadLetterSink(Runtime, source.Name, onError, Options.Time));
        }
        catch
        {
            if (deadLetter is not null)
                Runtime.DropTable(deadLetter.Name);
            throw;
        }

        Adopt(deadLetter is null ? after : after.With(deadLetter));
    }
}
