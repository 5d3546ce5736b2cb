using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Plan;

namespace StreamSql.Runtime.Engine;

/// <summary>A sink: its plan, dataflow and connector.</summary>
internal sealed class SinkState(string name, PlanNode plan, ISink sink, ViewLateRows late)
{
    public string Name { get; } = name;

    public PlanNode Plan { get; } = plan;

    public ISink Sink { get; } = sink;

    public ViewLateRows Late { get; } = late;

    public Dataflow? Dataflow { get; set; }
}
