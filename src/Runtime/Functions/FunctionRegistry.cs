using System.Collections.Frozen;
using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// The scalar functions and operators the binder may call, by name (case-insensitive), each
/// overload with its PostgreSQL signature. Operators are registered under their spelling (see
/// <see cref="OperatorNames"/>). Immutable: <see cref="Default"/> is shared by every session,
/// <see cref="With"/> builds an extended copy.
/// </summary>
public sealed class FunctionRegistry
{
    private readonly FrozenDictionary<string, ImmutableArray<ScalarFunction>> _byName;

    private FunctionRegistry(IEnumerable<ScalarFunction> functions)
    {
        _byName = functions
            .GroupBy(f => f.Signature.Name, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every built-in scalar function and operator.</summary>
    public static FunctionRegistry Default { get; } = BuildDefault();

    private static FunctionRegistry BuildDefault()
    {
        var b = new FunctionCatalogBuilder();
        ArithmeticFunctions.Register(b);
        ComparisonFunctions.Register(b);
        MathFunctions.Register(b);
        StringFunctions.Register(b);
        DateTimeFunctions.Register(b);
        JsonFunctions.Register(b);
        ArrayFunctions.Register(b);
        CatalogFunctions.Register(b);
        SubqueryFunctions.Register(b);
        return new FunctionRegistry(b.Functions);
    }

    /// <summary>All overloads of a function or operator (empty when none).</summary>
    public ImmutableArray<ScalarFunction> Lookup(string name) =>
        _byName.TryGetValue(name, out var overloads) ? overloads : [];

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The registered names, functions and operators.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    public IEnumerable<ScalarFunction> All => _byName.Values.SelectMany(v => v);

    /// <summary>
    /// The overload whose parameters are exactly <paramref name="parameterTypes"/> (polymorphic
    /// slots not substituted; a variadic overload matches when the trailing arguments repeat its
    /// last parameter), or null. Resolution with implicit casts is the binder's job.
    /// </summary>
    public ScalarFunction? Find(string name, params DataType[] parameterTypes)
    {
        foreach (var f in Lookup(name))
        {
            var ps = f.Signature.Parameters;
            if (!f.Signature.Variadic)
            {
                if (ps.Length == parameterTypes.Length && ps.SequenceEqual(parameterTypes)) return f;
                continue;
            }
            if (parameterTypes.Length < ps.Length - 1) continue;
            var ok = true;
            for (var i = 0; i < parameterTypes.Length && ok; i++)
                ok = parameterTypes[i] == ps[Math.Min(i, ps.Length - 1)];
            if (ok) return f;
        }
        return null;
    }

    /// <summary>A registry with extra overloads added (user-defined or test functions).</summary>
    public FunctionRegistry With(params ScalarFunction[] functions) => new(All.Concat(functions));
}
