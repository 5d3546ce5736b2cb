using StreamSql.Runtime.Functions;

namespace StreamSql.Planner.Binding;

/// <summary>The function overloads the binder resolves calls and operators against (the runtime's registries).</summary>
internal interface IFunctionLookup
{
    /// <summary>Scalar overloads (operators included, named by their symbol) of a lower-case name.</summary>
    IReadOnlyList<ScalarFunction> Scalars(string name);

    /// <summary>Aggregate overloads of a lower-case name.</summary>
    IReadOnlyList<AggregateSignature> Aggregates(string name);

    /// <summary>Every function and aggregate name, for "did you mean" hints.</summary>
    IEnumerable<string> Names { get; }
}
