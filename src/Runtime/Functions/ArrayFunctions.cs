using System.Text;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Functions.OperatorNames;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// Array construction (<c>ARRAY[...]</c>), 1-based subscripts (NULL out of range), and the
/// array functions: array_length, cardinality, array_to_string (array_join), array_append,
/// array_prepend, array_cat, array_position, array_remove, array_lower, array_upper, and
/// <c>||</c> on arrays. Arrays are one-dimensional <c>object?[]</c>; an array of arrays nests.
/// </summary>
internal static class ArrayFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
        var any = FunctionCatalogBuilder.AnyElement;
        var anyArray = FunctionCatalogBuilder.AnyArray;
        var i4 = DataType.Int32;
        var text = DataType.Text;

        b.Add(ArrayConstructor, [any], anyArray, a => a.ToArray(), strict: false, variadic: true);
        b.Add(OperatorNames.Subscript, [anyArray, i4], any, a => Subscript((object?[])a[0]!, (int)a[1]!));
        b.Add("array_length", [anyArray, i4], i4, a => ArrayLength((object?[])a[0]!, (int)a[1]!));
        b.Add("cardinality", [anyArray], i4, a => Cardinality((object?[])a[0]!));
        b.Add("array_lower", [anyArray, i4], i4, a => ArrayLength((object?[])a[0]!, (int)a[1]!) is null ? null : 1);
        b.Add("array_upper", [anyArray, i4], i4, a => ArrayLength((object?[])a[0]!, (int)a[1]!));
        b.Add("array_append", [anyArray, any], anyArray, a => Append((object?[]?)a[0], a[1]), strict: false);
        b.Add("array_prepend", [any, anyArray], anyArray, a => Prepend(a[0], (object?[]?)a[1]), strict: false);
        b.Add("array_cat", [anyArray, anyArray], anyArray, a => Cat((object?[]?)a[0], (object?[]?)a[1]), strict: false);
        b.Add(Concat, [anyArray, anyArray], anyArray, a => Cat((object?[]?)a[0], (object?[]?)a[1]), strict: false);
        b.Add(Concat, [anyArray, any], anyArray, a => Append((object?[]?)a[0], a[1]), strict: false);
        b.Add(Concat, [any, anyArray], anyArray, a => Prepend(a[0], (object?[]?)a[1]), strict: false);
        b.Add("array_position", [anyArray, any], i4, a => Position((object?[]?)a[0], a[1], 1), strict: false);
        b.Add("array_position", [anyArray, any, i4], i4, a => a[2] is int start ? Position((object?[]?)a[0], a[1], start) : null, strict: false);
        b.Add("array_remove", [anyArray, any], anyArray, a => a[0] is object?[] arr ? arr.Where(v => !BoxedOrder.AreEqual(v, a[1])).ToArray() : null, strict: false);

        // array_to_string needs the element's text output, so it has one overload per element type.
        foreach (var t in FunctionCatalogBuilder.OrderedTypes)
        {
            var arrayType = DataType.ArrayOf(t);
            var element = t;
            foreach (var name in new[] { "array_to_string", "array_join" })
            {
                b.Add(name, [arrayType, text], text, (a, c) => ArrayToString((object?[])a[0]!, element, (string)a[1]!, null, c.TimeZone));
                b.Add(name, [arrayType, text, text], text,
                    (a, c) => a[0] is null || a[1] is null ? null : ArrayToString((object?[])a[0]!, element, (string)a[1]!, (string?)a[2], c.TimeZone),
                    strict: false);
            }
        }
    }

    public static object? Subscript(object?[] array, int index) =>
        index >= 1 && index <= array.Length ? array[index - 1] : null;

    /// <summary>Length along a dimension: NULL for an empty array or a dimension it does not have.</summary>
    public static int? ArrayLength(object?[] array, int dimension)
    {
        if (array.Length == 0 || dimension < 1) return null;
        object?[] current = array;
        for (var d = 1; d < dimension; d++)
        {
            if (current.Length == 0 || current[0] is not object?[] inner) return null;
            current = inner;
        }
        return current.Length;
    }

    public static int Cardinality(object?[] array)
    {
        var n = 0;
        foreach (var item in array) n += item is object?[] inner ? Cardinality(inner) : 1;
        return n;
    }

    public static object?[] Append(object?[]? array, object? item)
    {
        if (array is null) return [item];
        var r = new object?[array.Length + 1];
        array.CopyTo(r, 0);
        r[^1] = item;
        return r;
    }

    public static object?[] Prepend(object? item, object?[]? array)
    {
        if (array is null) return [item];
        var r = new object?[array.Length + 1];
        r[0] = item;
        array.CopyTo(r, 1);
        return r;
    }

    public static object?[]? Cat(object?[]? a, object?[]? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        var r = new object?[a.Length + b.Length];
        a.CopyTo(r, 0);
        b.CopyTo(r, a.Length);
        return r;
    }

    /// <summary>The 1-based position of the first element not distinct from <paramref name="item"/>, at or after <paramref name="start"/>.</summary>
    public static int? Position(object?[]? array, object? item, int start)
    {
        if (array is null) return null;
        for (var i = Math.Max(start, 1) - 1; i < array.Length; i++)
            if (BoxedOrder.AreEqual(array[i], item)) return i + 1;
        return null;
    }

    /// <summary>Elements' text joined by the delimiter; NULLs skipped, or shown as <paramref name="nullString"/> when given.</summary>
    public static string ArrayToString(object?[] array, DataType elementType, string delimiter, string? nullString, TimeZoneInfo tz)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var item in array)
        {
            string? s;
            if (item is null)
            {
                if (nullString is null) continue;
                s = nullString;
            }
            else if (item is object?[] inner)
            {
                s = ArrayToString(inner, elementType, delimiter, nullString, tz);
            }
            else
            {
                s = ValueFormatter.Format(item, elementType, tz);
            }
            if (!first) sb.Append(delimiter);
            first = false;
            sb.Append(s);
        }
        return sb.ToString();
    }
}
