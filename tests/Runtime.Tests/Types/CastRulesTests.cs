using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

/// <summary>Cast contexts as PostgreSQL 15's pg_cast lists them, and select_common_type's choices.</summary>
public sealed class CastRulesTests
{
    public static TheoryData<string, string, CastContext?> Contexts => new()
    {
        { "int2", "int4", CastContext.Implicit },
        { "int2", "numeric", CastContext.Implicit },
        { "int4", "int8", CastContext.Implicit },
        { "int4", "float8", CastContext.Implicit },
        { "int4", "int2", CastContext.Assignment },
        { "int8", "int4", CastContext.Assignment },
        { "int8", "float4", CastContext.Implicit },
        { "numeric", "int4", CastContext.Assignment },
        { "numeric", "float8", CastContext.Implicit },
        { "float8", "numeric", CastContext.Assignment },
        { "float8", "int8", CastContext.Assignment },
        { "float4", "float8", CastContext.Implicit },
        { "float8", "float4", CastContext.Assignment },
        { "int4", "bool", CastContext.Explicit },
        { "bool", "int4", CastContext.Explicit },
        { "bool", "int8", null },
        { "int4", "text", CastContext.Assignment },
        { "timestamp", "text", CastContext.Assignment },
        { "text", "int4", CastContext.Explicit },
        { "text", "timestamp", CastContext.Explicit },
        { "text", "text", CastContext.Implicit },
        { "date", "timestamp", CastContext.Implicit },
        { "date", "timestamptz", CastContext.Implicit },
        { "timestamp", "timestamptz", CastContext.Implicit },
        { "timestamptz", "timestamp", CastContext.Assignment },
        { "timestamp", "date", CastContext.Assignment },
        { "interval", "date", null },
        { "date", "int4", null },
        { "interval", "timestamp", null },
        { "jsonb", "int4", CastContext.Explicit },
        { "jsonb", "bool", CastContext.Explicit },
        { "jsonb", "timestamp", null },
        { "int4[]", "int8[]", CastContext.Implicit },
        { "int8[]", "int4[]", CastContext.Assignment },
        { "int4[]", "text", CastContext.Assignment },
        { "text", "int4[]", CastContext.Explicit },
        { "int4[]", "interval[]", null },
        { "numeric(5,2)", "numeric", CastContext.Implicit },
    };

    [Theory]
    [MemberData(nameof(Contexts))]
    public void ContextsFollowPgCast(string from, string to, CastContext? expected) =>
        Assert.Equal(expected, CastRules.Find(PgTypes.FromSqlName(from)!, PgTypes.FromSqlName(to)!));

    [Fact]
    public void UnknownLiteralsCoerceImplicitlyToAnything()
    {
        Assert.Equal(CastContext.Implicit, CastRules.Find(DataType.Unknown, DataType.Interval));
        Assert.True(CastRules.CanImplicitlyCast(DataType.Unknown, DataType.ArrayOf(DataType.Int32)));
    }

    [Fact]
    public void ContextsNest()
    {
        Assert.True(CastRules.CanCast(DataType.Int32, DataType.Int64, CastContext.Explicit));
        Assert.True(CastRules.CanCast(DataType.Int64, DataType.Int32, CastContext.Assignment));
        Assert.False(CastRules.CanCast(DataType.Int64, DataType.Int32, CastContext.Implicit));
        Assert.False(CastRules.CanCast(DataType.Text, DataType.Int32, CastContext.Assignment));
        Assert.False(CastRules.CanCast(DataType.Interval, DataType.Date, CastContext.Explicit));
    }

    [Theory]
    [InlineData("int4", "numeric", "numeric")]
    [InlineData("numeric", "int4", "numeric")]
    [InlineData("int4", "int8", "bigint")]
    [InlineData("int2", "int4", "integer")]
    [InlineData("int4", "float8", "double precision")]
    [InlineData("int8", "float4", "real")]
    [InlineData("numeric", "float4", "real")]
    [InlineData("float4", "float8", "double precision")]
    [InlineData("date", "timestamp", "timestamp without time zone")]
    [InlineData("timestamp", "timestamptz", "timestamp with time zone")]
    [InlineData("numeric(5,2)", "numeric(7,1)", "numeric")]
    [InlineData("numeric(5,2)", "numeric(5,2)", "numeric(5,2)")]
    [InlineData("int4", "numeric(5,2)", "numeric")]
    [InlineData("int4[]", "int8[]", "bigint[]")]
    [InlineData("text", "text", "text")]
    public void CommonTypeFollowsSelectCommonType(string a, string b, string expected)
    {
        Assert.Equal(expected, CastRules.CommonType(PgTypes.FromSqlName(a)!, PgTypes.FromSqlName(b)!)!.ToString());
    }

    [Fact]
    public void CommonTypeOfUnknownsIsText()
    {
        Assert.Equal(DataType.Int32, CastRules.CommonType(DataType.Unknown, DataType.Int32));
        Assert.Equal(DataType.Int32, CastRules.CommonType(DataType.Int32, DataType.Unknown));
        Assert.Equal(DataType.Text, CastRules.CommonType(DataType.Unknown, DataType.Unknown));
        Assert.Equal(DataType.Text, CastRules.CommonType([DataType.Unknown, DataType.Unknown]));
        Assert.Equal(DataType.Numeric, CastRules.CommonType([DataType.Unknown, DataType.Int32, DataType.Numeric, DataType.Int16]));
        Assert.Null(CastRules.CommonType(Array.Empty<DataType>()));
    }

    [Fact]
    public void UnknownsBeforeATypeTakeThatType()
    {
        // VALUES (NULL), (NULL), (3): the untyped NULLs wait for the first typed value, as in PostgreSQL.
        Assert.Equal(DataType.Int32, CastRules.CommonType([DataType.Unknown, DataType.Unknown, DataType.Int32]));
        Assert.Equal(DataType.Int64, CastRules.CommonType([DataType.Unknown, DataType.Int32, DataType.Unknown, DataType.Int64]));
    }

    [Theory]
    [InlineData("int4", "text")]
    [InlineData("text", "int4")]
    [InlineData("bool", "int4")]
    [InlineData("date", "interval")]
    [InlineData("jsonb", "text")]
    [InlineData("int4[]", "int4")]
    public void TypesThatCannotBeMatchedHaveNoCommonType(string a, string b)
    {
        Assert.Null(CastRules.CommonType(PgTypes.FromSqlName(a)!, PgTypes.FromSqlName(b)!));
        Assert.Null(CastRules.CommonType([PgTypes.FromSqlName(a)!, PgTypes.FromSqlName(b)!, DataType.Int32]));
    }
}
