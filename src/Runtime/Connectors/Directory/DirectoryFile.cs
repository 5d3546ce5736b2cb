namespace StreamSql.Runtime.Connectors.Directory;

/// <summary>
/// A file seen in a directory source's folder. Files are read in arrival order: modification
/// time (UTC ticks), then name (ordinal), which is also how a logged position says which files
/// were read before it.
/// </summary>
public sealed record DirectoryFile(string Name, long ModifiedTicks) : IComparable<DirectoryFile>
{
    public int CompareTo(DirectoryFile? other) =>
        other is null ? 1 : Compare(ModifiedTicks, Name, other.ModifiedTicks, other.Name);

    public static int Compare(long ticksA, string nameA, long ticksB, string nameB)
    {
        int byTime = ticksA.CompareTo(ticksB);
        return byTime != 0 ? byTime : string.CompareOrdinal(nameA, nameB);
    }
}
