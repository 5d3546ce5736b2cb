using StreamSql.Planner;
using StreamSql.Runtime;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Console;
using StreamSql.Runtime.Connectors.Directory;
using StreamSql.Runtime.Connectors.Files;
using StreamSql.Runtime.Connectors.Generator;
using StreamSql.Runtime.Connectors.Kafka;
using StreamSql.Runtime.Connectors.Postgres;
using StreamSql.Runtime.Connectors.Socket;
using StreamSql.Runtime.Nexmark;

namespace StreamSql.Server.Engine;

/// <summary>
/// Creates the runtime's connectors from validated catalog definitions. The planner has checked
/// option names and required options; connectors check values and report bad ones as 22023.
/// Options every source takes (<c>on_error</c>, <c>max_rows_per_epoch</c>, <c>idle_timeout</c>) are
/// the engine's, not the connector's, and are not passed on.
/// </summary>
internal sealed class ConnectorFactory(EngineOptions options)
{
    private static readonly HashSet<string> EngineOptions = ["on_error", "max_rows_per_epoch", "idle_timeout"];

    public ISource CreateSource(Planner.SourceDefinition source)
    {
        var schema = QueryEngine.Schema(source.Columns);
        var connectorOptions = source.Connector.Options.Where(o => !EngineOptions.Contains(o.Key)).ToDictionary(o => o.Key, o => o.Value);
        return source.Connector.Name switch
        {
            "directory" => new DirectorySource(connectorOptions, source.Format.Name, source.Format.Options, schema),
            "socket" => new SocketSource(connectorOptions, source.Format.Name, source.Format.Options, schema),
            "nexmark" => NexmarkSource.Create(connectorOptions, schema),
            "generator" => new GeneratorSource(GeneratorSourceOptions.Parse(connectorOptions, schema)),
            "kafka" => new KafkaSource(source.Connector.Options.Where(o => o.Key != "on_error" && o.Key != "max_rows_per_epoch").ToDictionary(o => o.Key, o => o.Value),
                source.Format.Name, source.Format.Options, schema, source.Watermark?.ColumnName),
            _ => throw new SqlStateException("0A000", $"connector '{source.Connector.Name}' cannot be used as a source in this server"),
        };
    }

    public ISink CreateSink(SinkDefinition sink) => sink.Connector.Name switch
    {
        "console" => new ConsoleSink(sink.Connector.Options, options.ConsoleOutput),
        "kafka" => new KafkaSink(sink.Connector.Options, sink.Format.Name, sink.Format.Options),
        "postgres" => new PostgresSink(sink.Connector.Options, message => options.Log.WriteLine(message)),
        "file" => new FileSink(sink.Connector.Options, sink.Format.Name, sink.Format.Options, withDiff: sink.Plan.Changelog != Planner.Logical.ChangelogMode.AppendOnly),
        _ => throw new SqlStateException("0A000", $"connector '{sink.Connector.Name}' cannot be used as a sink in this server"),
    };
}
