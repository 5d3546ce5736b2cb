using System.Collections.Immutable;

namespace StreamSql.Planner;

/// <summary>
/// An immutable snapshot of every named object. Changes return a new snapshot (<see cref="With(CatalogObject)"/>,
/// <see cref="Without(string)"/>), so a script can be bound against successive snapshots and a failed
/// statement leaves the previous one untouched. Names are exact keys: callers normalise identifiers
/// first (unquoted names lower case, quoted names as written).
/// </summary>
public sealed class Catalog
{
    public static readonly Catalog Empty = new(ImmutableSortedDictionary<string, CatalogObject>.Empty.WithComparers(StringComparer.Ordinal), 1);

    private readonly ImmutableSortedDictionary<string, CatalogObject> objects;

    private Catalog(ImmutableSortedDictionary<string, CatalogObject> objects, long nextId)
    {
        this.objects = objects;
        NextId = nextId;
    }

    /// <summary>The id the next added object receives; ids are never reused.</summary>
    public long NextId { get; }

    /// <summary>Every object in name order.</summary>
    public IEnumerable<CatalogObject> Objects => objects.Values;

    /// <summary>How many objects the catalog holds (system tables included).</summary>
    public int Count => objects.Count;

    public IEnumerable<T> All<T>() where T : CatalogObject => objects.Values.OfType<T>();

    /// <summary>Finds an object by its normalised name; <c>pg_catalog.</c> system tables also match unqualified.</summary>
    public CatalogObject? Find(string name)
    {
        if (objects.TryGetValue(name, out var found))
        {
            return found;
        }

        return objects.TryGetValue("pg_catalog." + name, out var system) ? system : null;
    }

    public bool TryFind(string name, out CatalogObject found)
    {
        found = Find(name)!;
        return found is not null;
    }

    public CatalogObject? FindById(long id) => objects.Values.FirstOrDefault(o => o.Id == id);

    /// <summary>
    /// Adds an object (replacing one of the same name). An object with <see cref="CatalogObject.Id"/> 0 gets
    /// <see cref="NextId"/>; read the assigned id back with <see cref="Find"/>.
    /// </summary>
    public Catalog With(CatalogObject item)
    {
        var id = item.Id == 0 ? NextId : item.Id;
        var stored = item.Id == 0 ? item with { Id = id } : item;
        return new Catalog(objects.SetItem(stored.Name, stored), Math.Max(NextId, id + 1));
    }

    /// <summary>Removes the named object (no dependency check: see <see cref="DependentsOf"/>).</summary>
    public Catalog Without(string name) => new(objects.Remove(name), NextId);

    /// <summary>Objects that read <paramref name="id"/> directly.</summary>
    public ImmutableArray<CatalogObject> DependentsOf(long id) =>
        objects.Values.Where(o => o.Dependencies.Contains(id)).ToImmutableArray();

    /// <summary>
    /// Every object that reads <paramref name="id"/> directly or through others, ordered so that each object
    /// comes before the ones it depends on (the order DROP ... CASCADE removes them in).
    /// </summary>
    public ImmutableArray<CatalogObject> TransitiveDependentsOf(long id)
    {
        var result = new List<CatalogObject>();
        var seen = new HashSet<long>();
        Visit(id);
        return result.ToImmutableArray();

        void Visit(long target)
        {
            foreach (var dependent in DependentsOf(target))
            {
                if (seen.Add(dependent.Id))
                {
                    Visit(dependent.Id);
                    result.Add(dependent);
                }
            }
        }
    }
}
