using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>A literal or bound parameter: a one-row column shared by every evaluation.</summary>
internal sealed class ScalarConstant : CompiledExpression
{
    private readonly Column column;

    public ScalarConstant(object? value, DataType type)
        : base(type)
    {
        Value = value;
        column = Column.Create(type.Kind == TypeKind.Unknown ? DataType.Text : type, 1);
        column.SetValue(0, value);
    }

    public object? Value { get; }

    public override bool IsConstant => true;

    public override EvalResult Evaluate(Batch batch) => new(column, IsScalar: true, Owned: false);
}
