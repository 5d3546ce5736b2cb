namespace StreamSql.Runtime.Types;

/// <summary>
/// Type rules of arrays as <c>unnest</c> and the array functions see them. PostgreSQL arrays are
/// multi-dimensional values of one element type, so <c>unnest</c> of an array of arrays yields the
/// innermost elements in row-major order (<c>unnest('{{1,2},{3,4}}'::int[])</c> is 1, 2, 3, 4),
/// each of the innermost element type.
/// </summary>
public static class ArrayTypes
{
    /// <summary>The type of the values <c>unnest</c> produces: the innermost element type; null when <paramref name="type"/> is not an array.</summary>
    public static DataType? UnnestElementType(DataType type)
    {
        if (type.Kind != TypeKind.Array) return null;
        var element = type.Element ?? DataType.Unknown;
        while (element.Kind == TypeKind.Array) element = element.Element ?? DataType.Unknown;
        return element;
    }

    /// <summary>The innermost elements in row-major order, NULLs kept (what <c>unnest</c> returns, row by row).</summary>
    public static IEnumerable<object?> Flatten(object?[] array)
    {
        foreach (var item in array)
        {
            if (item is object?[] inner)
            {
                foreach (var x in Flatten(inner)) yield return x;
            }
            else
            {
                yield return item;
            }
        }
    }
}
