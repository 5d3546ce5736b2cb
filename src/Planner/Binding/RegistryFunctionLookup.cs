using StreamSql.Runtime.Functions;

namespace StreamSql.Planner.Binding;

/// <summary>The runtime's built-in function and aggregate registries.</summary>
internal sealed class RegistryFunctionLookup(FunctionRegistry scalars, AggregateRegistry aggregates) : IFunctionLookup
{
    public static readonly RegistryFunctionLookup Default = new(FunctionRegistry.Default, AggregateRegistry.Default);

    public IReadOnlyList<ScalarFunction> Scalars(string name) => scalars.Lookup(name);

    public IReadOnlyList<AggregateSignature> Aggregates(string name) => aggregates.Lookup(name);

    public IEnumerable<string> Names => scalars.Names.Concat(aggregates.Names).Where(n => char.IsLetter(n[0]));
}
