using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;

namespace StreamSql.Runtime.Engine;

/// <summary>A materialized view: its plan, dataflow, materialized state and subscribers.</summary>
internal sealed class ViewState(string name, PlanNode plan, MaterializeOperator materialized, ViewLateRows late)
    : RelationState(name, plan.Schema, null)
{
    public PlanNode Plan { get; } = plan;

    public MaterializeOperator Materialized { get; } = materialized;

    public ViewLateRows Late { get; } = late;

    public Dataflow? Dataflow { get; set; }

    public List<ViewSubscription> Subscribers { get; } = [];

    /// <summary>Bytes of the view's state (operators and contents) in the last checkpoint written; null before one.</summary>
    public long? CheckpointBytes { get; set; }

    /// <summary>Changes kept for subscribers that resume, from the first subscription on (null before).</summary>
    public ChangeHistory? History { get; set; }
}
