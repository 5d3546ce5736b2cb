using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Functions.OperatorNames;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// = &lt;&gt; &lt; &lt;= &gt; &gt;= for every ordered type and for arrays, with
/// <see cref="ValueComparer"/>'s order (NaN greatest, text by code point), and the conditional
/// special forms' evaluators: coalesce (first non-NULL), nullif, greatest and least (NULLs
/// ignored, NULL only when all are NULL).
/// </summary>
internal static class ComparisonFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
        var boolean = DataType.Boolean;
        foreach (var t in FunctionCatalogBuilder.OrderedTypes.Append(FunctionCatalogBuilder.AnyArray))
        {
            IComparer<object?> cmp = t.Kind == TypeKind.Array ? Comparer<object?>.Create(BoxedOrder.Compare) : ValueComparer.For(t);
            b.Add(Equal, [t, t], boolean, a => cmp.Compare(a[0], a[1]) == 0);
            b.Add(NotEqual, [t, t], boolean, a => cmp.Compare(a[0], a[1]) != 0);
            b.Add(Less, [t, t], boolean, a => cmp.Compare(a[0], a[1]) < 0);
            b.Add(LessOrEqual, [t, t], boolean, a => cmp.Compare(a[0], a[1]) <= 0);
            b.Add(Greater, [t, t], boolean, a => cmp.Compare(a[0], a[1]) > 0);
            b.Add(GreaterOrEqual, [t, t], boolean, a => cmp.Compare(a[0], a[1]) >= 0);
            b.Add("greatest", [t], t, a => Extreme(a, cmp, 1), strict: false, variadic: true);
            b.Add("least", [t], t, a => Extreme(a, cmp, -1), strict: false, variadic: true);
            b.Add("nullif", [t, t], t, a => a[0] is not null && a[1] is not null && cmp.Compare(a[0], a[1]) == 0 ? null : a[0], strict: false);
        }
        var any = FunctionCatalogBuilder.AnyElement;
        b.Add("coalesce", [any], any, a => Array.Find(a, v => v is not null), strict: false, variadic: true);
    }

    private static object? Extreme(object?[] args, IComparer<object?> cmp, int sign)
    {
        object? best = null;
        foreach (var v in args)
            if (v is not null && (best is null || cmp.Compare(v, best) * sign > 0))
                best = v;
        return best;
    }

}
