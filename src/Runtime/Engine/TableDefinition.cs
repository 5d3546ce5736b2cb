using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// A table as the runtime stores it: columns, an optional primary key (column indexes; a
/// duplicate key is 23505 and an update is -old +new), APPEND ONLY (retractions rejected) and an
/// optional watermark.
/// </summary>
public sealed record TableDefinition(
    string Name,
    RowSchema Schema,
    ImmutableArray<int> PrimaryKey = default,
    bool AppendOnly = false,
    WatermarkSpec? Watermark = null)
{
    public ImmutableArray<int> KeyColumns => PrimaryKey.IsDefault ? ImmutableArray<int>.Empty : PrimaryKey;
}
