using StreamSql.Planner;
using StreamSql.Runtime;
using StreamSql.Runtime.Connectors;

namespace StreamSql.Server.Engine;

/// <summary>
/// Creates the runtime's connectors from validated catalog definitions. The planner has already
/// checked option names and required options; connectors check values and report bad ones as 22023.
/// </summary>
internal sealed class ConnectorFactory(EngineOptions options)
{
    public ISource CreateSource(Planner.SourceDefinition source) => source.Connector.Name switch
    {
        _ => throw new SqlStateException("0A000", $"connector '{source.Connector.Name}' cannot be used as a source"),
    };

    public ISink CreateSink(SinkDefinition sink) => sink.Connector.Name switch
    {
        _ => throw new SqlStateException("0A000", $"connector '{sink.Connector.Name}' cannot be used as a sink"),
    };

    public EngineOptions Options { get; } = options;
}
