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
    public override string ToString() => $"{Name}({string.Join(", ", Parameters)}{(Variadic ? "..." : "")}) -> {ReturnType}";
}
