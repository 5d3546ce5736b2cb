using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// The rows one side of a <see cref="JoinOperator"/> holds, in typed columns: each distinct row has
/// an id (a <see cref="GroupTable"/> over all its columns), with its multiplicity and its match
/// count (how many rows of the other side it matches, weighted: outer joins' NULL-padded rows follow
/// it). Rows of one join key are chained through <c>next</c>/<c>previous</c> from their key's
/// first row (a second table over the key columns), so probing a key walks its rows without
/// touching any other, and adding or removing a row costs the same whatever its key holds. Nothing
/// is allocated per row.
/// </summary>
internal sealed class JoinSide
{
    private const int None = -1;

    private readonly GroupTable rows;
    private readonly GroupTable keys;
    private readonly int[] allColumns;
    private readonly int[] keyColumns;
    // Columns holding references (text, arrays, ...): cleared when a row or key goes, so that freed
    // ids do not keep their values alive until reused.
    private readonly int[] referenceColumns;
    private readonly int[] referenceKeys;

    // Per row id.
    private long[] multiplicity = new long[16];
    private long[] matches = new long[16];
    private int[] keyOf = new int[16];
    private int[] next = new int[16];
    private int[] previous = new int[16];

    // Per key id.
    private int[] first = new int[16];
    private int[] rowsOfKey = new int[16];

    public JoinSide(ImmutableArray<DataType> types, ImmutableArray<int> keyColumns)
    {
        Types = types;
        this.keyColumns = [.. keyColumns];
        allColumns = [.. Enumerable.Range(0, types.Length)];
        rows = new GroupTable(types);
        keys = new GroupTable([.. keyColumns.Select(k => types[k])]);
        referenceColumns = References(rows.Keys);
        referenceKeys = References(keys.Keys);
    }

    private static int[] References(Column[] columns) =>
        [.. Enumerable.Range(0, columns.Length).Where(c => !columns[c].GetType().GetGenericArguments()[0].IsValueType)];

    public ImmutableArray<DataType> Types { get; }

    /// <summary>The rows' values, one column per column of the side, indexed by row id.</summary>
    public Column[] Columns => rows.Keys;

    /// <summary>The key values, one column per join key, indexed by key id.</summary>
    public Column[] KeyValues => keys.Keys;

    /// <summary>Distinct rows held.</summary>
    public int Count => rows.Count;

    /// <summary>One past the largest row id in use; ids below it that are not <see cref="IsLive"/> are free.</summary>
    public int RowIdLimit => rows.IdLimit;

    public bool IsLive(int id) => rows.Live[id];

    public long Multiplicity(int id) => multiplicity[id];

    public ref long Matches(int id) => ref matches[id];

    public int KeyOf(int id) => keyOf[id];

    /// <summary>The first row of a key (<see cref="None"/> when the key id is -1); then <see cref="Next"/>.</summary>
    public int FirstOf(int keyId) => keyId < 0 ? None : first[keyId];

    public int Next(int id) => next[id];

    /// <summary>The id of the key at <paramref name="row"/> of <paramref name="columns"/> (key columns at <paramref name="positions"/>, in key order), or -1.</summary>
    public int FindKey(Column[] columns, ReadOnlySpan<int> positions, int row, int hash) => keys.Find(columns, positions, row, hash);

    /// <summary>
    /// Adds <paramref name="weight"/> to the row at <paramref name="row"/> of <paramref name="columns"/>
    /// (laid out as this side's rows), creating it with no matches when new; returns its id.
    /// Call <see cref="DropIfGone"/> once done with it.
    /// </summary>
    public int Add(Column[] columns, int row, int keyHash, long weight)
    {
        int id = rows.FindOrAdd(columns, allColumns, row, GroupTable.HashRow(columns, allColumns, row), out bool added);
        if (added)
        {
            EnsureRows(rows.Capacity);
            int key = keys.FindOrAdd(columns, keyColumns, row, keyHash, out bool newKey);
            if (newKey)
            {
                EnsureKeys(keys.Capacity);
                first[key] = None;
                rowsOfKey[key] = 0;
            }

            keyOf[id] = key;
            previous[id] = None;
            next[id] = first[key];
            if (first[key] != None)
                previous[first[key]] = id;
            first[key] = id;
            rowsOfKey[key]++;
            multiplicity[id] = 0;
            matches[id] = 0;
        }

        multiplicity[id] += weight;
        return id;
    }

    /// <summary>Removes a row whose multiplicity came back to zero, and its key once no row is left under it.</summary>
    public void DropIfGone(int id)
    {
        if (multiplicity[id] == 0)
            Remove(id);
    }

    /// <summary>Removes a row, and its key once no row is left under it.</summary>
    public void Remove(int id)
    {
        int key = keyOf[id];
        if (previous[id] != None)
            next[previous[id]] = next[id];
        else
            first[key] = next[id];
        if (next[id] != None)
            previous[next[id]] = previous[id];
        rows.Remove(id);
        foreach (int c in referenceColumns)
            rows.Keys[c].SetValue(id, null);
        if (--rowsOfKey[key] == 0)
        {
            keys.Remove(key);
            foreach (int c in referenceKeys)
                keys.Keys[c].SetValue(key, null);
        }
    }

    /// <summary>Removes every row of a key id (no-op for -1).</summary>
    public void RemoveKey(int keyId)
    {
        if (keyId < 0)
            return;
        for (int id = first[keyId], after; id != None; id = after)
        {
            after = next[id];
            Remove(id);
        }
    }

    /// <summary>Writes a row as <see cref="ValueCodec.WriteRow"/> writes its values, then its multiplicity and matches.</summary>
    public void WriteRow(StateWriter w, int id)
    {
        var columns = rows.Keys;
        w.Write(columns.Length);
        foreach (var c in columns)
            c.WriteValue(w, id);
        w.Write(multiplicity[id]);
        w.Write(matches[id]);
    }

    /// <summary>
    /// Reads a row as <see cref="WriteRow"/> wrote it and adds it; <paramref name="scratch"/> is one row
    /// of columns laid out as this side's rows.
    /// </summary>
    public void ReadRow(BinaryReader r, Column[] scratch)
    {
        ReadValues(r, scratch, "row");
        long count = r.ReadInt64();
        int id = Add(scratch, 0, GroupTable.HashRow(scratch, keyColumns, 0), count);
        matches[id] = r.ReadInt64();
        DropIfGone(id);
    }

    /// <summary>Reads values as <see cref="ValueCodec.WriteRow"/> wrote them into row 0 of <paramref name="columns"/> (a join <paramref name="what"/> of the state).</summary>
    public static void ReadValues(BinaryReader r, Column[] columns, string what)
    {
        var values = ValueCodec.ReadRow(r);
        if (values.Length != columns.Length)
            throw new InvalidDataException($"a join {what} in the state has {values.Length} values where {columns.Length} were expected");
        for (int c = 0; c < values.Length; c++)
            columns[c].SetValue(0, values[c]);
    }

    /// <summary>One row of columns laid out as this side's rows, for <see cref="ReadRow"/>.</summary>
    public Column[] NewScratchRow() => [.. Types.Select(t => Column.Create(t, 1))];

    private void EnsureRows(int capacity)
    {
        if (capacity <= multiplicity.Length)
            return;
        Array.Resize(ref multiplicity, capacity);
        Array.Resize(ref matches, capacity);
        Array.Resize(ref keyOf, capacity);
        Array.Resize(ref next, capacity);
        Array.Resize(ref previous, capacity);
    }

    private void EnsureKeys(int capacity)
    {
        if (capacity <= first.Length)
            return;
        Array.Resize(ref first, capacity);
        Array.Resize(ref rowsOfKey, capacity);
    }
}
