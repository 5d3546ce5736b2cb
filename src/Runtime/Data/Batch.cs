using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Data;

/// <summary>
/// A columnar micro-batch of a changelog: typed columns, a weight per row (+1 insert, -1
/// retraction, any non-zero multiplicity) and an optional selection vector naming the live
/// physical rows (filters fill it instead of copying). Operators read a batch only during
/// <c>OnBatch</c> and copy whatever they keep: the producer releases it afterwards.
/// </summary>
public sealed class Batch : IDisposable
{
    private readonly bool[] ownsColumn;
    private readonly bool ownsWeights;
    private bool released;

    public Batch(ImmutableArray<DataType> types, Column[] columns, int[] weights, int length,
        int[]? selection = null, int selectedCount = 0, bool[]? ownsColumn = null, bool ownsWeights = false)
    {
        if (columns.Length != types.Length)
            throw new ArgumentException("one column per type is required", nameof(columns));
        Types = types;
        Columns = columns;
        Weights = weights;
        Length = length;
        Selection = selection;
        SelectedCount = selection is null ? length : selectedCount;
        this.ownsColumn = ownsColumn ?? Enumerable.Repeat(true, columns.Length).ToArray();
        this.ownsWeights = ownsWeights;
    }

    public ImmutableArray<DataType> Types { get; }

    public Column[] Columns { get; }

    /// <summary>Weight per physical row.</summary>
    public int[] Weights { get; }

    /// <summary>Number of physical rows (the selection, when present, indexes into these).</summary>
    public int Length { get; }

    /// <summary>Live physical rows in ascending order, or null when all <see cref="Length"/> rows are live.</summary>
    public int[]? Selection { get; }

    public int SelectedCount { get; }

    /// <summary>Number of live rows.</summary>
    public int RowCount => SelectedCount;

    public int ColumnCount => Columns.Length;

    /// <summary>The physical row of the <paramref name="i"/>-th live row.</summary>
    public int RowIndex(int i) => Selection is null ? i : Selection[i];

    public object? GetValue(int column, int row) => Columns[column].GetValue(row);

    /// <summary>The boxed values of one physical row (slow paths only).</summary>
    public object?[] GetRow(int row)
    {
        var values = new object?[Columns.Length];
        for (int c = 0; c < values.Length; c++)
            values[c] = Columns[c].GetValue(row);
        return values;
    }

    /// <summary>The live rows as (values, weight) pairs, for tests and slow paths.</summary>
    public IEnumerable<(object?[] Row, int Weight)> Rows()
    {
        for (int i = 0; i < RowCount; i++)
        {
            int r = RowIndex(i);
            yield return (GetRow(r), Weights[r]);
        }
    }

    /// <summary>A view of this batch with a new selection; it shares (and never releases) the columns.</summary>
    public Batch WithSelection(int[] selection, int count) =>
        new(Types, Columns, Weights, Length, selection, count, new bool[Columns.Length], ownsWeights: false);

    /// <summary>
    /// A batch over the same rows and selection with other columns; <paramref name="owned"/> says
    /// which of them the new batch releases (re-pointed input columns are not owned).
    /// </summary>
    public Batch WithColumns(ImmutableArray<DataType> types, Column[] columns, bool[] owned) =>
        new(types, columns, Weights, Length, Selection, SelectedCount, owned, ownsWeights: false);

    /// <summary>Builds a batch from boxed rows (tests, literals and other slow paths).</summary>
    public static Batch FromRows(ImmutableArray<DataType> types, IEnumerable<object?[]> rows, int weight = 1)
    {
        var builder = new BatchBuilder(types, 16);
        foreach (var row in rows)
            builder.AddRow(row, weight);
        return builder.Build();
    }

    /// <summary>Builds a batch from boxed rows, each with its own weight.</summary>
    public static Batch FromRows(ImmutableArray<DataType> types, IEnumerable<(object?[] Row, int Weight)> rows)
    {
        var builder = new BatchBuilder(types, 16);
        foreach (var (row, weight) in rows)
            builder.AddRow(row, weight);
        return builder.Build();
    }

    public static Batch Empty(ImmutableArray<DataType> types)
    {
        var cols = new Column[types.Length];
        for (int i = 0; i < cols.Length; i++)
            cols[i] = Column.Create(types[i], 1);
        return new Batch(types, cols, [], 0);
    }

    /// <summary>Gives pooled buffers back. Safe to call twice.</summary>
    public void Dispose()
    {
        if (released)
            return;
        released = true;
        for (int i = 0; i < Columns.Length; i++)
            if (ownsColumn[i])
                Columns[i].Release();
        if (ownsWeights && Weights.Length > 0)
            System.Buffers.ArrayPool<int>.Shared.Return(Weights);
    }
}
