using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

public sealed class PgTypesTests
{
    [Theory]
    [InlineData(TypeKind.Boolean, 16, "bool", 1, 1000)]
    [InlineData(TypeKind.Int16, 21, "int2", 2, 1005)]
    [InlineData(TypeKind.Int32, 23, "int4", 4, 1007)]
    [InlineData(TypeKind.Int64, 20, "int8", 8, 1016)]
    [InlineData(TypeKind.Float32, 700, "float4", 4, 1021)]
    [InlineData(TypeKind.Float64, 701, "float8", 8, 1022)]
    [InlineData(TypeKind.Numeric, 1700, "numeric", -1, 1231)]
    [InlineData(TypeKind.Text, 25, "text", -1, 1009)]
    [InlineData(TypeKind.Timestamp, 1114, "timestamp", 8, 1115)]
    [InlineData(TypeKind.TimestampTz, 1184, "timestamptz", 8, 1185)]
    [InlineData(TypeKind.Date, 1082, "date", 4, 1182)]
    [InlineData(TypeKind.Interval, 1186, "interval", 16, 1187)]
    [InlineData(TypeKind.Jsonb, 3802, "jsonb", -1, 3807)]
    public void BaseTypesHavePostgreSqlIdentities(TypeKind kind, int oid, string name, short length, int arrayOid)
    {
        var info = PgTypes.Info(new DataType(kind));
        Assert.Equal(oid, info.Oid);
        Assert.Equal(name, info.Name);
        Assert.Equal(length, info.Length);
        Assert.Equal(arrayOid, info.ArrayOid);
        Assert.Equal(new DataType(kind), PgTypes.FromOid(oid));

        var array = PgTypes.Info(DataType.ArrayOf(new DataType(kind)));
        Assert.Equal(arrayOid, array.Oid);
        Assert.Equal("_" + name, array.Name);
        Assert.Equal(oid, array.ElementOid);
        Assert.Equal('A', array.Category);
        Assert.Equal(DataType.ArrayOf(new DataType(kind)), PgTypes.FromOid(arrayOid));
    }

    [Fact]
    public void AliasOidsReadAsRuntimeKinds()
    {
        Assert.Equal(DataType.Text, PgTypes.FromOid(1043));
        Assert.Equal(DataType.Text, PgTypes.FromOid(1042));
        Assert.Equal(DataType.Jsonb, PgTypes.FromOid(114));
        Assert.Equal(DataType.ArrayOf(DataType.Text), PgTypes.FromOid(1015));
        Assert.Null(PgTypes.FromOid(99999));
        Assert.Null(PgTypes.InfoFromOid(99999));
        Assert.Equal(705, PgTypes.Oid(DataType.Unknown));
    }

    [Fact]
    public void CategoriesAndPreferredTypesFollowPgType()
    {
        Assert.True(PgTypes.Info(DataType.Float64).IsPreferred);
        Assert.False(PgTypes.Info(DataType.Numeric).IsPreferred);
        Assert.True(PgTypes.Info(DataType.Text).IsPreferred);
        Assert.True(PgTypes.Info(DataType.TimestampTz).IsPreferred);
        Assert.Equal('N', PgTypes.Info(DataType.Int32).Category);
        Assert.Equal('D', PgTypes.Info(DataType.Date).Category);
        Assert.Equal('T', PgTypes.Info(DataType.Interval).Category);
        Assert.Contains(PgTypes.All, t => t.Oid == 1007);
    }

    [Fact]
    public void NestedArraysUseTheOneLevelArrayType() =>
        Assert.Equal(1007, PgTypes.Oid(DataType.ArrayOf(DataType.ArrayOf(DataType.Int32))));

    [Fact]
    public void TypeModifierEncodesNumericPrecisionAndScale()
    {
        Assert.Equal(655366, PgTypes.TypeModifier(DataType.NumericOf(10, 2)));
        Assert.Equal(-1, PgTypes.TypeModifier(DataType.Numeric));
        Assert.Equal(-1, PgTypes.TypeModifier(DataType.Int32));
    }

    [Theory]
    [InlineData("int", "integer")]
    [InlineData("INTEGER", "integer")]
    [InlineData("int4", "integer")]
    [InlineData("bigint", "bigint")]
    [InlineData("int8", "bigint")]
    [InlineData("smallint", "smallint")]
    [InlineData("int2", "smallint")]
    [InlineData("real", "real")]
    [InlineData("float4", "real")]
    [InlineData("float8", "double precision")]
    [InlineData("double  precision", "double precision")]
    [InlineData("float", "double precision")]
    [InlineData("float(24)", "real")]
    [InlineData("float(25)", "double precision")]
    [InlineData("numeric", "numeric")]
    [InlineData("decimal", "numeric")]
    [InlineData("numeric(10,2)", "numeric(10,2)")]
    [InlineData("decimal(5)", "numeric(5,0)")]
    [InlineData("NUMERIC ( 10 , 2 )", "numeric(10,2)")]
    [InlineData("varchar", "text")]
    [InlineData("varchar(20)", "text")]
    [InlineData("character varying", "text")]
    [InlineData("string", "text")]
    [InlineData("text", "text")]
    [InlineData("bool", "boolean")]
    [InlineData("boolean", "boolean")]
    [InlineData("timestamp", "timestamp without time zone")]
    [InlineData("timestamp without time zone", "timestamp without time zone")]
    [InlineData("timestamp(3)", "timestamp without time zone")]
    [InlineData("timestamptz", "timestamp with time zone")]
    [InlineData("timestamp with time zone", "timestamp with time zone")]
    [InlineData("date", "date")]
    [InlineData("interval", "interval")]
    [InlineData("jsonb", "jsonb")]
    [InlineData("json", "jsonb")]
    [InlineData("int[]", "integer[]")]
    [InlineData("text[]", "text[]")]
    [InlineData("varchar []", "text[]")]
    [InlineData("int[][]", "integer[][]")]
    [InlineData("int array", "integer[]")]
    public void SqlSpellingsResolve(string spelling, string expected) =>
        Assert.Equal(expected, PgTypes.FromSqlName(spelling)!.ToString());

    [Theory]
    [InlineData("integr")]
    [InlineData("numeric(0,0)")]
    [InlineData("numeric(5,6)")]
    [InlineData("numeric(29,2)")]
    [InlineData("numeric(1,2,3)")]
    [InlineData("numeric(a)")]
    [InlineData("numeric(5")]
    [InlineData("int(4)")]
    [InlineData("float(0)")]
    [InlineData("float(54)")]
    [InlineData("varchar(-1)")]
    [InlineData("")]
    public void UnknownOrInvalidNamesAreNull(string spelling) => Assert.Null(PgTypes.FromSqlName(spelling));
}
