namespace StreamSql.Planner.Logical;

/// <summary>What kinds of changes a plan node emits.</summary>
public enum ChangelogMode
{
    /// <summary>Only inserts (+1): sources, append-only tables, windows emitted on close.</summary>
    AppendOnly,
    /// <summary>Inserts and retractions (-1) of earlier rows.</summary>
    Retracting,
    /// <summary>Inserts and retractions keyed by a unique key: a new row for a key replaces the old one.</summary>
    Upsert,
}
