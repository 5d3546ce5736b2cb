using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// One overload of a function as the binder resolves it. <see cref="DataType.Unknown"/> in a parameter
/// is a polymorphic slot (PostgreSQL's anyelement): every such slot in one call binds to the same type;
/// an array of Unknown is anyarray, and a return type of Unknown (or an array of it) is that bound type.
/// With <see cref="Variadic"/> the last parameter repeats zero or more times.
/// </summary>
public sealed record FunctionSignature(string Name, ImmutableArray<DataType> Parameters, DataType ReturnType, bool Variadic = false)
{
    /// <summary>
    /// PostgreSQL's <c>"any"</c> parameters (<c>concat</c>, <c>concat_ws</c>, <c>text || anynonarray</c>):
    /// each argument may have any type, and the binder converts every argument to text before the
    /// call, so the implementation sees only strings. <see cref="Parameters"/> then lists
    /// <see cref="DataType.Text"/> for those slots. PostgreSQL converts with the type's output
    /// function (<see cref="ValueFormatter.Format"/>: <c>concat(true)</c> is <c>t</c>); a cast to
    /// text (<see cref="CastEvaluator.Cast"/>) differs only for booleans (<c>true</c>).
    /// </summary>
    public bool AnyArguments { get; init; }

    public override string ToString() => $"{Name}({string.Join(", ", Parameters)}{(Variadic ? "..." : "")}) -> {ReturnType}";
}
