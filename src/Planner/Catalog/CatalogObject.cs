using System.Collections.Immutable;

namespace StreamSql.Planner;

/// <summary>
/// A named object of the catalog. Ids are stable for the life of the object and never reused, so
/// the runtime can key state and the server can key subscriptions by id.
/// </summary>
/// <param name="Id">Assigned by <see cref="Catalog.With(CatalogObject)"/>; 0 before that.</param>
/// <param name="Name">Case-normalised name (unquoted identifiers are lower case).</param>
/// <param name="Definition">The statement text that created the object (for SHOW CREATE and replay).</param>
/// <param name="Dependencies">Ids of the objects this one reads; DROP without CASCADE fails while any dependent exists.</param>
public abstract record CatalogObject(long Id, string Name, ImmutableArray<ColumnDefinition> Columns, string Definition, ImmutableArray<long> Dependencies)
{
    public abstract ObjectKind Kind { get; }

    /// <summary>Index of the first column with this name, or -1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }

        return -1;
    }
}
