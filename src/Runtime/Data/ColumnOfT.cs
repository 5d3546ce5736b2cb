using System.Buffers;
using System.Runtime.CompilerServices;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Data;

/// <summary>
/// A column whose values are a plain <typeparamref name="T"/> array, so kernels loop over
/// <see cref="Values"/> directly. The value under a null bit is unspecified (usually default).
/// </summary>
public sealed class Column<T> : Column
{
    private T[] values;

    internal Column(DataType type, int capacity, bool pooled)
        : base(type, pooled)
    {
        capacity = Math.Max(capacity, 1);
        values = pooled ? ArrayPool<T>.Shared.Rent(capacity) : new T[capacity];
    }

    /// <summary>The value array; its length may exceed the number of rows in use.</summary>
    public T[] Values => values;

    public override int Capacity => values.Length;

    public override object? GetValue(int row) => IsNull(row) ? null : values[row];

    public override void WriteValue(State.StateWriter writer, int row)
    {
        // The tags are ValueCodec's; the branches fold away for each T.
        if (IsNull(row))
            writer.Write((byte)0);
        else if (typeof(T) == typeof(long))
        {
            writer.Write((byte)4);
            writer.Write(Unsafe.As<T, long>(ref values[row]));
        }
        else if (typeof(T) == typeof(int))
        {
            writer.Write((byte)3);
            writer.Write(Unsafe.As<T, int>(ref values[row]));
        }
        else if (typeof(T) == typeof(double))
        {
            writer.Write((byte)6);
            writer.Write(Unsafe.As<T, double>(ref values[row]));
        }
        else if (typeof(T) == typeof(bool))
        {
            writer.Write((byte)1);
            writer.Write(Unsafe.As<T, bool>(ref values[row]));
        }
        else
            base.WriteValue(writer, row);
    }

    public override void SetValue(int row, object? value)
    {
        if (value is null)
        {
            values[row] = default!;
            SetNull(row, true);
        }
        else
        {
            values[row] = (T)value;
            SetNull(row, false);
        }
    }

    public void Set(int row, T value)
    {
        values[row] = value;
        if (nulls is not null)
            nulls[row >> 6] &= ~(1UL << row);
    }

    public override void CopyRow(int row, Column source, int sourceRow)
    {
        var src = (Column<T>)source;
        values[row] = src.values[sourceRow];
        SetNull(row, src.IsNull(sourceRow));
    }

    public override void Gather(Column source, ReadOnlySpan<int> sourceRows)
    {
        var src = (Column<T>)source;
        EnsureCapacity(sourceRows.Length);
        var from = src.values;
        var to = values;
        for (int i = 0; i < sourceRows.Length; i++)
            to[i] = from[sourceRows[i]];
        if (src.MayHaveNulls)
        {
            for (int i = 0; i < sourceRows.Length; i++)
                SetNull(i, src.IsNull(sourceRows[i]));
        }
        else
        {
            ClearNulls();
        }
    }

    public override bool RowEquals(int row, Column other, int otherRow)
    {
        var o = (Column<T>)other;
        bool n1 = IsNull(row), n2 = o.IsNull(otherRow);
        if (n1 || n2)
            return n1 && n2;
        return ValueEquals(values[row], o.values[otherRow]);
    }

    public override bool RowEqualsValue(int row, object? value)
    {
        if (IsNull(row) || value is null)
            return IsNull(row) && value is null;
        return ValueEquals(values[row], (T)value);
    }

    public override int RowHash(int row) => IsNull(row) ? 0x5bd1e995 : ValueHash(values[row]);

    public override int CompareRows(int row, Column other, int otherRow) =>
        ValueCompare(values[row], ((Column<T>)other).values[otherRow]);

    public override void EnsureCapacity(int capacity)
    {
        if (capacity <= values.Length)
            return;
        int size = Math.Max(capacity, values.Length * 2);
        if (pooled)
        {
            var bigger = ArrayPool<T>.Shared.Rent(size);
            Array.Copy(values, bigger, values.Length);
            ArrayPool<T>.Shared.Return(values, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            values = bigger;
        }
        else
        {
            Array.Resize(ref values, size);
        }
        GrowNulls(values.Length);
    }

    public override void Release()
    {
        if (pooled && values.Length > 0)
        {
            ArrayPool<T>.Shared.Return(values, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            values = [];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool ValueEquals(T a, T b)
    {
        if (typeof(T) == typeof(string))
            return string.Equals((string?)(object?)a, (string?)(object?)b, StringComparison.Ordinal);
        if (typeof(T) == typeof(object))
            return BoxedValues.ValueEquals(a, b);
        return EqualityComparer<T>.Default.Equals(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ValueHash(T value)
    {
        if (typeof(T) == typeof(long))
        {
            ulong v = (ulong)(long)(object)value!;
            v *= 0x9E3779B97F4A7C15UL;
            return (int)(v ^ (v >> 32));
        }
        if (typeof(T) == typeof(int))
            return (int)((uint)(int)(object)value! * 0x9E3779B1U);
        if (typeof(T) == typeof(string))
            return StringComparer.Ordinal.GetHashCode((string)(object)value!);
        if (typeof(T) == typeof(object))
            return BoxedValues.ValueHash(value);
        return EqualityComparer<T>.Default.GetHashCode(value!);
    }

    internal static int ValueCompare(T a, T b)
    {
        if (typeof(T) == typeof(string))
            return string.CompareOrdinal((string?)(object?)a, (string?)(object?)b);
        if (typeof(T) == typeof(object))
            return BoxedValues.Compare(a, b);
        return Comparer<T>.Default.Compare(a, b);
    }
}
