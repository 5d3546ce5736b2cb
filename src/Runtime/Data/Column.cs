using System.Buffers;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Data;

/// <summary>
/// One column of a <see cref="Batch"/> or of operator state: a typed value array (see
/// <see cref="TypeKind"/> for each kind's representation) plus a null bitmap that is allocated
/// only once a null is written. Rows are physical indexes; a batch's selection vector says which
/// of them are live. Columns created with <c>pooled: true</c> rent their arrays from
/// <see cref="ArrayPool{T}.Shared"/> and give them back on <see cref="Release"/>.
/// </summary>
public abstract class Column
{
    private protected ulong[]? nulls;
    private protected readonly bool pooled;

    private protected Column(DataType type, bool pooled)
    {
        Type = type;
        this.pooled = pooled;
    }

    public DataType Type { get; }

    /// <summary>How many rows the value array can hold.</summary>
    public abstract int Capacity { get; }

    /// <summary>True once any row has been set to null (the bitmap exists).</summary>
    public bool MayHaveNulls => nulls is not null;

    /// <summary>The null bitmap (bit set = null), or null when no row is null.</summary>
    public ulong[]? NullBits => nulls;

    public bool IsNull(int row) => nulls is not null && (nulls[row >> 6] & (1UL << row)) != 0;

    public void SetNull(int row, bool isNull)
    {
        if (isNull)
        {
            if (nulls is null)
                nulls = new ulong[(Capacity + 63) >> 6];
            nulls[row >> 6] |= 1UL << row;
        }
        else if (nulls is not null)
        {
            nulls[row >> 6] &= ~(1UL << row);
        }
    }

    /// <summary>Clears every null bit (the values are left as they are).</summary>
    public void ClearNulls()
    {
        if (nulls is not null)
            Array.Clear(nulls);
    }

    /// <summary>The boxed value of a row, null for SQL NULL (slow paths only).</summary>
    public abstract object? GetValue(int row);

    /// <summary>Writes a boxed value of this column's representation; null writes SQL NULL.</summary>
    public abstract void SetValue(int row, object? value);

    /// <summary>
    /// Writes a row's value as <see cref="State.ValueCodec.Write"/> writes it boxed (snapshots); the
    /// fixed-width representations without boxing.
    /// </summary>
    public virtual void WriteValue(State.StateWriter writer, int row) => State.ValueCodec.Write(writer, GetValue(row));

    /// <summary>Copies one row from a column of the same kind, null bit included.</summary>
    public abstract void CopyRow(int row, Column source, int sourceRow);

    /// <summary>
    /// Fills rows 0..n-1 with rows <paramref name="sourceRows"/> of <paramref name="source"/> (same kind),
    /// null bits included; a typed loop for operators that repeat or reorder rows.
    /// </summary>
    public abstract void Gather(Column source, ReadOnlySpan<int> sourceRows);

    /// <summary>Grouping equality: NULL equals NULL, as GROUP BY and DISTINCT need.</summary>
    public abstract bool RowEquals(int row, Column other, int otherRow);

    /// <summary>Grouping equality against a boxed value (null is SQL NULL).</summary>
    public abstract bool RowEqualsValue(int row, object? value);

    /// <summary>A hash consistent with <see cref="RowEquals"/>; NULL hashes to a fixed value.</summary>
    public abstract int RowHash(int row);

    /// <summary>Ordering of two non-null rows (nulls are handled by the caller's NULLS FIRST/LAST).</summary>
    public abstract int CompareRows(int row, Column other, int otherRow);

    /// <summary>Grows the column to hold at least <paramref name="capacity"/> rows, keeping its contents.</summary>
    public abstract void EnsureCapacity(int capacity);

    /// <summary>Returns pooled arrays; the column must not be used afterwards.</summary>
    public abstract void Release();

    private protected void GrowNulls(int capacity)
    {
        if (nulls is not null && nulls.Length * 64 < capacity)
            Array.Resize(ref nulls, (capacity + 63) >> 6);
    }

    /// <summary>Creates an empty column of the representation <paramref name="type"/> needs.</summary>
    public static Column Create(DataType type, int capacity, bool pooled = false) => type.Kind switch
    {
        TypeKind.Boolean => new Column<bool>(type, capacity, pooled),
        TypeKind.Int16 => new Column<short>(type, capacity, pooled),
        TypeKind.Int32 or TypeKind.Date => new Column<int>(type, capacity, pooled),
        TypeKind.Int64 or TypeKind.Timestamp or TypeKind.TimestampTz => new Column<long>(type, capacity, pooled),
        TypeKind.Float32 => new Column<float>(type, capacity, pooled),
        TypeKind.Float64 => new Column<double>(type, capacity, pooled),
        TypeKind.Numeric => new Column<decimal>(type, capacity, pooled),
        TypeKind.Interval => new Column<Interval>(type, capacity, pooled),
        TypeKind.Text or TypeKind.Jsonb => new Column<string?>(type, capacity, pooled),
        _ => new Column<object?>(type, capacity, pooled),
    };
}
