using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.State;

/// <summary>
/// An open-addressing hash table from composite group keys to dense group ids. Keys are stored
/// column-wise in typed columns (no object per group or per row) and compared against batch
/// columns in place; lookups hash the key columns of one batch row. Freed ids are reused.
/// Invariant: a live id's key row in <see cref="Keys"/> is never changed.
/// </summary>
public sealed class GroupTable
{
    private const int Empty = -1;
    private const int Deleted = -2;

    private int[] buckets;
    private int[] hashes;
    private readonly Stack<int> free = new();
    private int used; // occupied + deleted buckets

    public GroupTable(ImmutableArray<DataType> keyTypes, int initialCapacity = 64)
    {
        KeyTypes = keyTypes;
        int cap = Math.Max(16, initialCapacity);
        Keys = [.. keyTypes.Select(t => Column.Create(t, cap))];
        hashes = new int[cap];
        buckets = new int[NextPow2(cap * 2)];
        Array.Fill(buckets, Empty);
        Live = new bool[cap];
    }

    public ImmutableArray<DataType> KeyTypes { get; }

    /// <summary>Key values per group id, one column per key.</summary>
    public Column[] Keys { get; }

    /// <summary>Whether each id is in use.</summary>
    public bool[] Live { get; private set; }

    /// <summary>Number of live groups.</summary>
    public int Count { get; private set; }

    /// <summary>One past the largest id ever handed out; accumulators size their arrays to this.</summary>
    public int IdLimit { get; private set; }

    public int Capacity => hashes.Length;

    public static int HashRow(Column[] columns, ReadOnlySpan<int> keyColumns, int row)
    {
        uint h = 0x811C9DC5;
        foreach (int k in keyColumns)
            h = (h ^ (uint)columns[k].RowHash(row)) * 0x01000193;
        return (int)(h ^ (h >> 15));
    }

    /// <summary>The id of the group with the key at <paramref name="row"/> of <paramref name="columns"/>, or -1.</summary>
    public int Find(Column[] columns, ReadOnlySpan<int> keyColumns, int row, int hash)
    {
        int mask = buckets.Length - 1;
        for (int b = hash & mask; ; b = (b + 1) & mask)
        {
            int id = buckets[b];
            if (id == Empty)
                return -1;
            if (id >= 0 && hashes[id] == hash && KeyEquals(id, columns, keyColumns, row))
                return id;
        }
    }

    /// <summary>Finds the group or adds it (copying the key); <paramref name="added"/> tells which.</summary>
    public int FindOrAdd(Column[] columns, ReadOnlySpan<int> keyColumns, int row, int hash, out bool added)
    {
        int mask = buckets.Length - 1;
        int firstDeleted = -1;
        int b = hash & mask;
        for (; ; b = (b + 1) & mask)
        {
            int id = buckets[b];
            if (id == Empty)
                break;
            if (id == Deleted)
            {
                if (firstDeleted < 0)
                    firstDeleted = b;
                continue;
            }
            if (hashes[id] == hash && KeyEquals(id, columns, keyColumns, row))
            {
                added = false;
                return id;
            }
        }
        added = true;
        int gid = Allocate();
        for (int k = 0; k < keyColumns.Length; k++)
            Keys[k].CopyRow(gid, columns[keyColumns[k]], row);
        hashes[gid] = hash;
        if (firstDeleted >= 0)
        {
            buckets[firstDeleted] = gid;
        }
        else
        {
            buckets[b] = gid;
            used++;
        }
        Count++;
        if (used * 2 > buckets.Length)
            Rehash(buckets.Length * (Count * 4 > buckets.Length ? 2 : 1));
        return gid;
    }

    /// <summary>Frees a group id; its key columns keep stale values until reused.</summary>
    public void Remove(int gid)
    {
        int mask = buckets.Length - 1;
        for (int b = hashes[gid] & mask; ; b = (b + 1) & mask)
        {
            if (buckets[b] == gid)
            {
                buckets[b] = Deleted;
                break;
            }
            if (buckets[b] == Empty)
                throw new InvalidOperationException("group id not in table");
        }
        Live[gid] = false;
        free.Push(gid);
        Count--;
    }

    public IEnumerable<int> LiveIds()
    {
        for (int i = 0; i < IdLimit; i++)
            if (Live[i])
                yield return i;
    }

    private bool KeyEquals(int gid, Column[] columns, ReadOnlySpan<int> keyColumns, int row)
    {
        for (int k = 0; k < keyColumns.Length; k++)
            if (!Keys[k].RowEquals(gid, columns[keyColumns[k]], row))
                return false;
        return true;
    }

    private int Allocate()
    {
        int gid;
        if (free.Count > 0)
        {
            gid = free.Pop();
        }
        else
        {
            gid = IdLimit++;
            if (gid >= hashes.Length)
            {
                int cap = hashes.Length * 2;
                foreach (var c in Keys)
                    c.EnsureCapacity(cap);
                Array.Resize(ref hashes, cap);
                var live = Live;
                Array.Resize(ref live, cap);
                Live = live;
            }
        }
        Live[gid] = true;
        return gid;
    }

    private void Rehash(int size)
    {
        buckets = new int[size];
        Array.Fill(buckets, Empty);
        int mask = size - 1;
        used = 0;
        for (int gid = 0; gid < IdLimit; gid++)
        {
            if (!Live[gid])
                continue;
            int b = hashes[gid] & mask;
            while (buckets[b] != Empty)
                b = (b + 1) & mask;
            buckets[b] = gid;
            used++;
        }
    }

    private static int NextPow2(int n)
    {
        int p = 16;
        while (p < n)
            p <<= 1;
        return p;
    }

    /// <summary>Approximate bytes held per live group by the table itself (keys, hash, bucket share).</summary>
    public long ApproximateBytes()
    {
        long bytes = (long)buckets.Length * 4 + (long)hashes.Length * 5;
        foreach (var k in KeyTypes)
            bytes += (long)Capacity * ValueSize(k);
        return bytes;
    }

    internal static int ValueSize(DataType t) => t.Kind switch
    {
        TypeKind.Boolean => 1,
        TypeKind.Int16 => 2,
        TypeKind.Int32 or TypeKind.Date or TypeKind.Float32 => 4,
        TypeKind.Int64 or TypeKind.Timestamp or TypeKind.TimestampTz or TypeKind.Float64 => 8,
        TypeKind.Numeric or TypeKind.Interval => 16,
        _ => 8,
    };
}
