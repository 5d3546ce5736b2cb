namespace StreamSql.Server.Engine;

/// <summary>
/// Rows of a result, pulled one at a time so that a subscription can stream forever and a
/// portal can stop after N rows and resume. Values are boxed in the runtime's representation
/// of their column's <see cref="Runtime.Types.DataType"/> (see <see cref="Runtime.Types.TypeKind"/>).
/// A reader that ends with an error throws <see cref="EngineException"/> from MoveNextAsync.
/// </summary>
public interface IRowReader : IAsyncDisposable
{
    /// <summary>Advances to the next row; false when the result is complete.</summary>
    ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken);

    /// <summary>The current row; valid until the next call of MoveNextAsync. Do not keep the array.</summary>
    object?[] Current { get; }
}
