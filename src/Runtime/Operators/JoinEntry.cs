namespace StreamSql.Runtime.Operators;

/// <summary>
/// One distinct row on one side of a join: its values, multiplicity, and how many rows of the other
/// side it currently matches (weighted), which decides its NULL-padded output in outer joins.
/// </summary>
internal sealed class JoinEntry(object?[] row)
{
    public object?[] Row { get; } = row;

    public long Multiplicity { get; set; }

    public long Matches { get; set; }

    /// <summary>Its place in its <see cref="JoinBucket"/>.</summary>
    public int Slot { get; set; }
}
