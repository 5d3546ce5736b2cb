namespace StreamSql.Runtime.Connectors.Directory;

/// <summary>
/// A file seen in a directory source's folder. Files are read in arrival order: modification
/// time (UTC ticks), then name (ordinal), which is also how a logged position says which files
/// were read before it.
/// </summary>
public sealed record DirectoryFile(string Name, long ModifiedTicks) : IComparable<DirectoryFile>
{
    /// <summary>
    /// The names of the files taken before this one whose modification time sorted after it when it
    /// was taken (changed since they were read), in ordinal order, each followed by <c>/</c> (a name
    /// holds no <c>/</c>): part of the position of a record of this file, so that a restart does not
    /// take them again. Files sorting before it need no listing: the position's order covers them.
    /// </summary>
    public string TakenBefore { get; init; } = "";

    public int CompareTo(DirectoryFile? other) =>
        other is null ? 1 : Compare(ModifiedTicks, Name, other.ModifiedTicks, other.Name);

    public static int Compare(long ticksA, string nameA, long ticksB, string nameB)
    {
        int byTime = ticksA.CompareTo(ticksB);
        return byTime != 0 ? byTime : string.CompareOrdinal(nameA, nameB);
    }
}
