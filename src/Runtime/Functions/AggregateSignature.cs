namespace StreamSql.Runtime.Functions;

/// <summary>
/// An aggregate overload as the binder sees it: name, argument types, result type. The runtime's
/// aggregate operators implement each by <see cref="FunctionSignature.Name"/> with retraction
/// (weights of -1), so every aggregate listed here works in running and windowed views alike.
/// </summary>
/// <param name="AllowsDistinct">Whether <c>agg(DISTINCT x)</c> is meaningful (count, sum, avg, string_agg, array_agg, min, max).</param>
public sealed record AggregateSignature(FunctionSignature Signature, bool AllowsDistinct = true);
