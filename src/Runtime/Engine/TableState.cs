using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Operators;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// A table: committed rows (answering reads), the live rows including queued changes (checking
/// keys and deletes at once), and the changes queued for the next epoch.
/// </summary>
internal sealed class TableState(TableDefinition definition) : RelationState(definition.Name, definition.Schema, definition.Watermark)
{
    public TableDefinition Definition { get; } = definition;

    public MaterializeOperator Committed { get; } = new(definition.Schema.Types);

    /// <summary>Live rows (committed + queued) with multiplicity.</summary>
    public Dictionary<RowKey, long> Live { get; set; } = [];

    /// <summary>Live primary keys (committed + queued) to their row.</summary>
    public Dictionary<RowKey, object?[]> LiveKeys { get; } = [];

    public List<Batch> Queued { get; } = [];

    public ImmutableArray<int> Key => Definition.KeyColumns;

    public RowKey KeyOf(object?[] row) => new([.. Key.Select(k => row[k])]);
}
