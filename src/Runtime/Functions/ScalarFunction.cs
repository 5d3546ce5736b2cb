namespace StreamSql.Runtime.Functions;

/// <summary>
/// A scalar function overload with its row-at-a-time implementation over boxed values (see
/// <see cref="Types.TypeKind"/> for each kind's representation). The expression compiler uses
/// typed column kernels for the hot operators and falls back to <see cref="Invoke"/> for the rest.
/// </summary>
/// <param name="Strict">NULL in any argument gives NULL without calling <see cref="Invoke"/>.</param>
/// <param name="Volatile">The result may differ between calls with equal arguments (never constant-folded).</param>
public sealed record ScalarFunction(
    FunctionSignature Signature,
    Func<object?[], FunctionContext, object?> Invoke,
    bool Strict = true,
    bool Volatile = false);
