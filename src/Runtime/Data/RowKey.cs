namespace StreamSql.Runtime.Data;

/// <summary>
/// A boxed row used as a dictionary key in slow-path state (joins, top-N, materialized rows):
/// equality and hash are <see cref="BoxedValues"/>' grouping semantics. The array must not be
/// changed once the key is stored.
/// </summary>
public readonly struct RowKey : IEquatable<RowKey>
{
    private readonly int hash;

    public RowKey(object?[] values)
    {
        Values = values;
        hash = BoxedValues.RowHash(values);
    }

    public object?[] Values { get; }

    public bool Equals(RowKey other) => hash == other.hash && BoxedValues.RowEquals(Values, other.Values);

    public override bool Equals(object? obj) => obj is RowKey k && Equals(k);

    public override int GetHashCode() => hash;

    public override string ToString() => "(" + string.Join(", ", Values.Select(v => v?.ToString() ?? "NULL")) + ")";
}
