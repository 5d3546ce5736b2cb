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

    // Each bucket holds the group's hash beside its id, so probing rarely touches the key columns.
    private Bucket[] buckets;
    private readonly Stack<int> free = new();
    private readonly int[] allKeys;
    private int used; // occupied + deleted buckets

    public GroupTable(ImmutableArray<DataType> keyTypes, int initialCapacity = 64)
    {
        KeyTypes = keyTypes;
        int cap = Math.Max(16, initialCapacity);
        Keys = [.. keyTypes.Select(t => Column.Create(t, cap))];
        allKeys = [.. Enumerable.Range(0, keyTypes.Length)];
        buckets = new Bucket[NextPow2(cap * 2)];
        Array.Fill(buckets, new Bucket(0, Empty));
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

    public int Capacity => Live.Length;

    public static int HashRow(Column[] columns, ReadOnlySpan<int> keyColumns, int row)
    {
        uint h = 0x811C9DC5;
        foreach (int k in keyColumns)
            h = (h ^ (uint)columns[k].RowHash(row)) * 0x01000193;
        // Murmur3's finaliser: bucket indexes take the low bits, which the multiplications above leave weak.
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return (int)h;
    }

    /// <summary>The id of the group with the key at <paramref name="row"/> of <paramref name="columns"/>, or -1.</summary>
    public int Find(Column[] columns, ReadOnlySpan<int> keyColumns, int row, int hash)
    {
        int mask = buckets.Length - 1;
        for (int b = hash & mask; ; b = (b + 1) & mask)
        {
            var bucket = buckets[b];
            if (bucket.Id == Empty)
                return -1;
            if (bucket.Hash == hash && bucket.Id >= 0 && KeyEquals(bucket.Id, columns, keyColumns, row))
                return bucket.Id;
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
            var bucket = buckets[b];
            if (bucket.Id == Empty)
                break;
            if (bucket.Id == Deleted)
            {
                if (firstDeleted < 0)
                    firstDeleted = b;
                continue;
            }
            if (bucket.Hash == hash && KeyEquals(bucket.Id, columns, keyColumns, row))
            {
                added = false;
                return bucket.Id;
            }
        }
        added = true;
        int gid = Allocate();
        for (int k = 0; k < keyColumns.Length; k++)
            Keys[k].CopyRow(gid, columns[keyColumns[k]], row);
        if (firstDeleted >= 0)
        {
            buckets[firstDeleted] = new Bucket(hash, gid);
        }
        else
        {
            buckets[b] = new Bucket(hash, gid);
            used++;
        }
        Count++;
        // Load factor at most 3/4 (the hash is well mixed, so linear probing stays short); a table
        // full of deleted slots is rebuilt at the same size instead of grown.
        if (used * 4 > buckets.Length * 3)
            Rehash(buckets.Length * (Count * 2 > buckets.Length ? 2 : 1));
        return gid;
    }

    /// <summary>Frees a group id; its key columns keep stale values until reused.</summary>
    public void Remove(int gid)
    {
        int mask = buckets.Length - 1;
        for (int b = HashRow(Keys, allKeys, gid) & mask; ; b = (b + 1) & mask)
        {
            if (buckets[b].Id == gid)
            {
                buckets[b] = new Bucket(0, Deleted);
                break;
            }
            if (buckets[b].Id == Empty)
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
            if (gid >= Live.Length)
            {
                int cap = Live.Length * 2;
                foreach (var c in Keys)
                    c.EnsureCapacity(cap);
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
        var old = buckets;
        buckets = new Bucket[size];
        Array.Fill(buckets, new Bucket(0, Empty));
        int mask = size - 1;
        used = 0;
        foreach (var bucket in old)
        {
            if (bucket.Id < 0)
                continue;
            int b = bucket.Hash & mask;
            while (buckets[b].Id != Empty)
                b = (b + 1) & mask;
            buckets[b] = bucket;
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
        long bytes = (long)buckets.Length * 8 + (long)Live.Length;
        foreach (var k in KeyTypes)
            bytes += (long)Capacity * ValueSize(k);
        return bytes;
    }

    private readonly record struct Bucket(int Hash, int Id);

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
