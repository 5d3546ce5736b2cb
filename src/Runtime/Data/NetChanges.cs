namespace StreamSql.Runtime.Data;

/// <summary>What a list of changes (rows with weights) adds up to.</summary>
public static class NetChanges
{
    /// <summary>
    /// Each row once with its net multiplicity, at its first appearance, rows netting to zero or less
    /// left out. A list without retractions is already that, and is returned as it is (so equal rows
    /// keep their own places in it, as a sort put them).
    /// </summary>
    public static List<(object?[] Row, int Weight)> Of(List<(object?[] Row, int Weight)> changes)
    {
        if (changes.TrueForAll(c => c.Weight > 0))
            return changes;
        var index = new Dictionary<RowKey, int>();
        var net = new List<(object?[] Row, int Weight)>();
        foreach (var (row, weight) in changes)
        {
            var key = new RowKey(row);
            if (index.TryGetValue(key, out int at))
            {
                net[at] = (net[at].Row, net[at].Weight + weight);
            }
            else
            {
                index[key] = net.Count;
                net.Add((row, weight));
            }
        }
        return net.FindAll(r => r.Weight > 0);
    }
}
