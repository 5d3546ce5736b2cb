using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>An input column, passed through without copying.</summary>
internal sealed class ColumnReference(int index, DataType type) : CompiledExpression(type)
{
    public int Index { get; } = index;

    public override EvalResult Evaluate(Batch batch) => new(batch.Columns[Index], IsScalar: false, Owned: false);
}
