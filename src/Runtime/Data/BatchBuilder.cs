using System.Buffers;
using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Data;

/// <summary>
/// Appends rows into pooled typed columns and hands them out as a <see cref="Batch"/>.
/// Sources decode straight into <see cref="ColumnAt{T}"/> arrays (call <see cref="Reserve"/>
/// first, then <see cref="Commit"/>); operators copy rows with <see cref="AppendRow"/>.
/// After <see cref="Build"/> the builder starts a fresh set of buffers.
/// </summary>
public sealed class BatchBuilder
{
    private readonly int initialCapacity;
    private Column[] columns;
    private int[] weights;

    public BatchBuilder(ImmutableArray<DataType> types, int initialCapacity = 1024)
    {
        Types = types;
        this.initialCapacity = Math.Max(initialCapacity, 16);
        columns = NewColumns();
        weights = ArrayPool<int>.Shared.Rent(this.initialCapacity);
    }

    public ImmutableArray<DataType> Types { get; }

    /// <summary>Rows appended since the last <see cref="Build"/>.</summary>
    public int Count { get; private set; }

    public Column this[int column] => columns[column];

    public Column<T> ColumnAt<T>(int column) => (Column<T>)columns[column];

    public int[] WeightArray => weights;

    /// <summary>Makes room for <paramref name="rows"/> more rows.</summary>
    public void Reserve(int rows)
    {
        int need = Count + rows;
        if (need <= weights.Length)
            return;
        int size = Math.Max(need, weights.Length * 2);
        foreach (var c in columns)
            c.EnsureCapacity(size);
        var w = ArrayPool<int>.Shared.Rent(size);
        Array.Copy(weights, w, Count);
        ArrayPool<int>.Shared.Return(weights);
        weights = w;
    }

    /// <summary>Declares <paramref name="rows"/> rows written directly into the arrays after <see cref="Reserve"/>.</summary>
    public void Commit(int rows) => Count += rows;

    public void AddRow(ReadOnlySpan<object?> values, int weight = 1)
    {
        Reserve(1);
        for (int c = 0; c < columns.Length; c++)
            columns[c].SetValue(Count, values[c]);
        weights[Count] = weight;
        Count++;
    }

    /// <summary>Copies a physical row of <paramref name="source"/> (same column types).</summary>
    public void AppendRow(Batch source, int row, int weight)
    {
        Reserve(1);
        for (int c = 0; c < columns.Length; c++)
            columns[c].CopyRow(Count, source.Columns[c], row);
        weights[Count] = weight;
        Count++;
    }

    /// <summary>Copies a row from columns laid out like this builder's (e.g. operator state).</summary>
    public void AppendRow(Column[] source, int row, int weight)
    {
        Reserve(1);
        for (int c = 0; c < columns.Length; c++)
            columns[c].CopyRow(Count, source[c], row);
        weights[Count] = weight;
        Count++;
    }

    /// <summary>Starts a row whose values the caller writes with <see cref="Column.SetValue"/> or typed setters at index <see cref="Count"/>.</summary>
    public int BeginRow(int weight)
    {
        Reserve(1);
        weights[Count] = weight;
        return Count++;
    }

    /// <summary>Removes the last row (used when a just-built row turns out not to be needed).</summary>
    public void DropLast() => Count--;

    public Batch Build()
    {
        var batch = new Batch(Types, columns, weights, Count, ownsWeights: true);
        columns = NewColumns();
        weights = ArrayPool<int>.Shared.Rent(initialCapacity);
        Count = 0;
        return batch;
    }

    /// <summary>Discards the rows appended so far.</summary>
    public void Clear()
    {
        Count = 0;
        foreach (var c in columns)
            c.ClearNulls();
    }

    private Column[] NewColumns()
    {
        var cols = new Column[Types.Length];
        for (int i = 0; i < cols.Length; i++)
            cols[i] = Column.Create(Types[i], initialCapacity, pooled: true);
        return cols;
    }
}
