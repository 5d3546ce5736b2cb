using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Functions;

public sealed class AggregateRegistryTests
{
    public static TheoryData<string, string[], string> ResultTypes => new()
    {
        { "count", [], "bigint" },
        { "count", ["unknown"], "bigint" },
        { "sum", ["smallint"], "bigint" },
        { "sum", ["integer"], "bigint" },
        { "sum", ["bigint"], "numeric" },
        { "sum", ["real"], "real" },
        { "sum", ["double precision"], "double precision" },
        { "sum", ["numeric"], "numeric" },
        { "sum", ["interval"], "interval" },
        { "avg", ["integer"], "numeric" },
        { "avg", ["bigint"], "numeric" },
        { "avg", ["smallint"], "numeric" },
        { "avg", ["real"], "double precision" },
        { "avg", ["double precision"], "double precision" },
        { "avg", ["numeric"], "numeric" },
        { "avg", ["interval"], "interval" },
        { "min", ["integer"], "integer" },
        { "max", ["text"], "text" },
        { "max", ["timestamptz"], "timestamptz" },
        { "min", ["interval"], "interval" },
        { "min", ["date"], "date" },
        { "bool_and", ["boolean"], "boolean" },
        { "bool_or", ["boolean"], "boolean" },
        { "string_agg", ["text", "text"], "text" },
        { "stddev_samp", ["integer"], "numeric" },
        { "stddev_samp", ["double precision"], "double precision" },
        { "var_samp", ["numeric"], "numeric" },
        { "var_samp", ["real"], "double precision" },
        { "approx_count_distinct", ["unknown"], "bigint" },
    };

    [Theory]
    [MemberData(nameof(ResultTypes))]
    public void ResultTypesAreThoseOfPostgreSql(string name, string[] parameters, string returns)
    {
        var types = parameters.Select(p => p == "unknown" ? DataType.Unknown : PgTypes.FromSqlName(p)!).ToArray();
        var aggregate = AggregateRegistry.Default.Find(name, types);
        Assert.NotNull(aggregate);
        Assert.Equal(PgTypes.FromSqlName(returns), aggregate.Signature.ReturnType);
    }

    [Fact]
    public void PolymorphicAggregatesFollowTheirArgument()
    {
        var any = DataType.Unknown;
        Assert.Equal(DataType.ArrayOf(any), AggregateRegistry.Default.Find("array_agg", any)!.Signature.ReturnType);
        Assert.Equal(any, AggregateRegistry.Default.Find("first_value", any)!.Signature.ReturnType);
        Assert.Equal(any, AggregateRegistry.Default.Find("last_value", any)!.Signature.ReturnType);
    }

    [Fact]
    public void LookupIsCaseInsensitive()
    {
        Assert.Equal(AggregateRegistry.Default.Lookup("sum").Length, AggregateRegistry.Default.Lookup("SUM").Length);
        Assert.True(AggregateRegistry.Default.Contains("Count"));
        Assert.Empty(AggregateRegistry.Default.Lookup("median"));
        Assert.Null(AggregateRegistry.Default.Find("sum", DataType.Text));
        Assert.Contains("string_agg", AggregateRegistry.Default.Names);
    }

    [Fact]
    public void DistinctIsMeaningfulWhereSqlAllowsIt()
    {
        Assert.True(AggregateRegistry.Default.Find("count", DataType.Unknown)!.AllowsDistinct);
        Assert.False(AggregateRegistry.Default.Find("count")!.AllowsDistinct);
        Assert.True(AggregateRegistry.Default.Find("sum", DataType.Int32)!.AllowsDistinct);
        Assert.False(AggregateRegistry.Default.Find("first_value", DataType.Unknown)!.AllowsDistinct);
    }

    [Fact]
    public void EveryAggregateOfTheDialectIsRegistered()
    {
        foreach (var name in new[] { "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "string_agg", "array_agg",
                     "stddev_samp", "var_samp", "approx_count_distinct", "first_value", "last_value" })
            Assert.True(AggregateRegistry.Default.Contains(name), name);
        Assert.All(AggregateRegistry.Default.All, a => Assert.False(string.IsNullOrEmpty(a.Signature.Name)));
    }
}
