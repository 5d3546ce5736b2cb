using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Expressions;

public class ExpressionCompilerTests
{
    private static readonly RowSchema Ints = Schema(("a", DataType.Int32), ("b", DataType.Int32));
    private static readonly ExpressionCompiler Compiler = new(FunctionContext.Epoch0);

    /// <summary>Evaluates over the rows and renders each live row's value.</summary>
    private static List<string> Eval(PlanExpression e, RowSchema schema, params object?[][] rows)
    {
        using var batch = Batch(schema, rows);
        var result = Compiler.Compile(e).Evaluate(batch);
        try
        {
            return [.. Enumerable.Range(0, batch.RowCount).Select(i => Format(result.GetValue(batch.RowIndex(i))))];
        }
        finally
        {
            result.Release();
        }
    }

    private static PlanExpression A => Col(0, DataType.Int32);

    private static PlanExpression B => Col(1, DataType.Int32);

    private static PlanExpression Bool(int i) => Col(i, DataType.Boolean);

    [Fact]
    public void ComparisonsAreNullWhenAnOperandIsNull()
    {
        Assert.Equal(["True", "False", "NULL", "NULL"], Eval(Op("<", A, B), Ints, Row(1, 2), Row(3, 2), Row(null, 2), Row(1, null)));
        Assert.Equal(["False", "True"], Eval(Op(">=", A, Lit(2, DataType.Int32)), Ints, Row(1, 0), Row(2, 0)));
        Assert.Equal(["True", "False"], Eval(Op("<>", Col(0, DataType.Text), Lit("x", DataType.Text)), Schema(("t", DataType.Text)), Row("y"), Row("x")));
    }

    [Fact]
    public void IntegerArithmeticOverflowIs22003()
    {
        var e = Assert.Throws<SqlStateException>(() => Eval(Op("+", A, B), Ints, Row(int.MaxValue, 1)));
        Assert.Equal("22003", e.SqlState);
        Assert.Equal("integer out of range", e.Message);
    }

    [Fact]
    public void DivisionByZeroIs22012ButNullDivisorsAreNull()
    {
        Assert.Equal("22012", Assert.Throws<SqlStateException>(() => Eval(Op("/", A, B), Ints, Row(1, 0))).SqlState);
        Assert.Equal(["NULL", "3"], Eval(Op("/", A, B), Ints, Row(1, null), Row(7, 2)));
        var d = Schema(("x", DataType.Float64));
        Assert.Equal("22012", Assert.Throws<SqlStateException>(() => Eval(Op("/", Col(0, DataType.Float64), Lit(0.0, DataType.Float64)), d, Row(1.0))).SqlState);
    }

    [Fact]
    public void AndOrFollowThreeValuedLogic()
    {
        var s = Schema(("x", DataType.Boolean), ("y", DataType.Boolean));
        object?[][] rows = [Row(true, null), Row(false, null), Row(null, null), Row(true, true), Row(null, false)];
        Assert.Equal(["NULL", "False", "NULL", "True", "False"], Eval(new AndExpression([Bool(0), Bool(1)]), s, rows));
        Assert.Equal(["True", "NULL", "NULL", "True", "NULL"], Eval(new OrExpression([Bool(0), Bool(1)]), s, rows));
        Assert.Equal(["False", "True", "NULL", "False", "NULL"], Eval(new NotExpression(Bool(0)), s, rows));
    }

    [Fact]
    public void IsNullAndIsDistinctFromAreNeverNull()
    {
        Assert.Equal(["False", "True"], Eval(new IsNullExpression(A), Ints, Row(1, 0), Row(null, 0)));
        Assert.Equal(["True", "False"], Eval(new IsNullExpression(A, Negated: true), Ints, Row(1, 0), Row(null, 0)));
        Assert.Equal(["False", "True", "False"], Eval(new IsDistinctFromExpression(A, B), Ints, Row(null, null), Row(null, 1), Row(2, 2)));
    }

    [Fact]
    public void InListIsNullWhenNoMatchAndAnElementIsNull()
    {
        var e = new InListExpression(A, [Lit(1, DataType.Int32), Lit(null, DataType.Int32)]);
        Assert.Equal(["True", "NULL", "NULL"], Eval(e, Ints, Row(1, 0), Row(2, 0), Row(null, 0)));
        var notIn = new InListExpression(A, [Lit(1, DataType.Int32), Lit(2, DataType.Int32)], Negated: true);
        Assert.Equal(["False", "True"], Eval(notIn, Ints, Row(1, 0), Row(3, 0)));
    }

    [Fact]
    public void CaseOnlyEvaluatesTheBranchARowTakes()
    {
        // CASE WHEN b = 0 THEN 0 ELSE a / b END must not divide by zero.
        var e = new CaseExpression([new CaseBranch(Op("=", B, Lit(0, DataType.Int32)), Lit(0, DataType.Int32))], Op("/", A, B), DataType.Int32);
        Assert.Equal(["0", "5", "NULL"], Eval(e, Ints, Row(1, 0), Row(10, 2), Row(null, 3)));
        var noElse = new CaseExpression([new CaseBranch(Op(">", A, B), Lit("gt", DataType.Text))], null, DataType.Text);
        Assert.Equal(["gt", "NULL"], Eval(noElse, Ints, Row(2, 1), Row(1, 2)));
    }

    [Fact]
    public void CoalesceTakesTheFirstNonNull()
    {
        var e = new CoalesceExpression([A, B, Lit(-1, DataType.Int32)], DataType.Int32);
        Assert.Equal(["1", "2", "-1"], Eval(e, Ints, Row(1, 2), Row(null, 2), Row(null, null)));
    }

    [Fact]
    public void LikeWithAConstantPatternHandlesWildcardsAndEscapes()
    {
        var s = Schema(("t", DataType.Text));
        var like = Op("like", Col(0, DataType.Text), Lit("a%\\_b_", DataType.Text));
        Assert.Equal(["True", "False", "NULL"], Eval(like, s, Row("axx_bc"), Row("axxbbc"), NullRow(1)));
        var ilike = Op("ilike", Col(0, DataType.Text), Lit("A%", DataType.Text));
        Assert.Equal(["True"], Eval(ilike, s, Row("abc")));
    }

    [Fact]
    public void CastsWidenAndRoundWithRangeChecks()
    {
        Assert.Equal(["3"], Eval(new CastExpression(A, DataType.Int64), Ints, Row(3, 0)));
        var d = Schema(("x", DataType.Float64));
        Assert.Equal(["2", "4"], Eval(new CastExpression(Col(0, DataType.Float64), DataType.Int32), d, Row(2.5), Row(3.5)));
        Assert.Equal("22003", Assert.Throws<SqlStateException>(() => Eval(new CastExpression(Col(0, DataType.Float64), DataType.Int32), d, Row(1e12))).SqlState);
        Assert.Equal(["12"], Eval(new CastExpression(Col(0, DataType.Text), DataType.Int32), Schema(("t", DataType.Text)), Row("12")));
        Assert.Equal("22P02", Assert.Throws<SqlStateException>(() => Eval(new CastExpression(Col(0, DataType.Text), DataType.Int32), Schema(("t", DataType.Text)), Row("x"))).SqlState);
    }

    [Fact]
    public void OtherFunctionsGoThroughInvokeAndStrictOnesSkipNulls()
    {
        int calls = 0;
        var e = Fn("twice", DataType.Int32, args => { calls++; return (int)args[0]! * 2; }, A);
        Assert.Equal(["2", "NULL"], Eval(e, Ints, Row(1, 0), Row(null, 0)));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void ConstantSubtreesAreFoldedOnce()
    {
        int calls = 0;
        var e = Op("+", A, Fn("one", DataType.Int32, _ => { calls++; return 1; }, Lit(0, DataType.Int32)));
        Assert.Equal(["2", "3"], Eval(e, Ints, Row(1, 0), Row(2, 0)));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void ExpressionsOnlyLookAtSelectedRows()
    {
        using var batch = Batch(Ints, Row(1, 0), Row(8, 2));
        using var view = batch.WithSelection([1], 1);
        var result = Compiler.Compile(Op("/", A, B)).Evaluate(view);
        Assert.Equal(4, result.GetValue(1));
        result.Release();
    }

    [Fact]
    public void MissingParameterIs08P01()
    {
        Assert.Equal("08P01", Assert.Throws<SqlStateException>(() => Compiler.Compile(new ParameterExpression(1, DataType.Int32))).SqlState);
    }
}
