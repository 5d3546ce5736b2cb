using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Expressions;

public class NonStrictExpressionTests
{
    private sealed class Errors : IExpressionErrorSink
    {
        public List<string> Seen { get; } = [];

        public void OnExpressionError(SqlStateException error) => Seen.Add(error.SqlState);
    }

    private static readonly PlanExpression TenOverX = Op("/", Lit(10, DataType.Int32), Col(0, DataType.Int32));

    [Fact]
    public void ARowThatRaisesADataErrorIsNullAndTheSelectedOthersKeepTheirValues()
    {
        var errors = new Errors();
        var compiled = new ExpressionCompiler(new EpochClock(FunctionContext.Epoch0), errors: errors).Compile(TenOverX);
        using var rows = Data.Batch.FromRows([DataType.Int32], [[5], [0], [2], [0]]);
        // Row 3 (also a zero) is not selected: it is neither evaluated nor reported.
        var selected = rows.WithSelection([0, 1, 2], 3);
        var result = compiled.Evaluate(selected);
        try
        {
            Assert.Equal([2, null, 5], new[] { 0, 1, 2 }.Select(result.GetValue));
        }
        finally
        {
            result.Release();
        }
        Assert.Equal(["22012"], errors.Seen);
    }

    [Fact]
    public void WithoutASinkTheErrorIsRaised()
    {
        var compiled = new ExpressionCompiler(FunctionContext.Epoch0).Compile(TenOverX);
        using var rows = Data.Batch.FromRows([DataType.Int32], [[5], [0]]);
        Assert.Equal("22012", Assert.Throws<SqlStateException>(() => compiled.Evaluate(rows)).SqlState);
    }
}
