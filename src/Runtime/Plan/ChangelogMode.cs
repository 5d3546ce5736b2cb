namespace StreamSql.Runtime.Plan;

/// <summary>What kind of changes a plan node emits.</summary>
public enum ChangelogMode
{
    /// <summary>Only inserts (+1 weights); downstream state may assume rows never go away.</summary>
    AppendOnly,

    /// <summary>Inserts and retractions of whole rows (weights of either sign).</summary>
    Retracting,

    /// <summary>Retractions and inserts that keep one row per key (<see cref="PlanNode.UpsertKey"/>).</summary>
    Upsert,
}
