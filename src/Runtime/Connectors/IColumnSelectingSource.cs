namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A source that can skip producing columns nobody reads (a generator that would otherwise build
/// strings for every row). The runtime tells it, between epochs, the columns its readers use; the
/// others then hold unspecified values.
/// </summary>
public interface IColumnSelectingSource
{
    /// <summary>Only these columns (indexes into the source's schema) are read; null: all of them.</summary>
    void RequireOnly(IReadOnlyCollection<int>? columns);
}
