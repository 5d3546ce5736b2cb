using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Functions;

public sealed class FunctionRegistryTests
{
    private static readonly FunctionRegistry Registry = FunctionRegistry.Default;

    [Fact]
    public void LookupIsCaseInsensitiveAndListsEveryOverload()
    {
        Assert.Equal(Registry.Lookup("round").Length, Registry.Lookup("ROUND").Length);
        Assert.Equal(3, Registry.Lookup("Round").Length);
        Assert.Empty(Registry.Lookup("no_such_function"));
        Assert.True(Registry.Contains("LOWER"));
        Assert.False(Registry.Contains("no_such_function"));
        Assert.Contains("date_trunc", Registry.Names);
    }

    public static TheoryData<string, string[], string> Signatures => new()
    {
        { "+", ["integer", "integer"], "integer" },
        { "+", ["bigint", "bigint"], "bigint" },
        { "+", ["numeric", "numeric"], "numeric" },
        { "/", ["integer", "integer"], "integer" },
        { "-", ["integer"], "integer" },
        { "+", ["timestamp", "interval"], "timestamp" },
        { "-", ["timestamp", "timestamp"], "interval" },
        { "-", ["timestamptz", "timestamptz"], "interval" },
        { "+", ["date", "integer"], "date" },
        { "-", ["date", "date"], "integer" },
        { "+", ["date", "interval"], "timestamp" },
        { "*", ["interval", "double precision"], "interval" },
        { "+", ["interval", "interval"], "interval" },
        { "=", ["text", "text"], "boolean" },
        { "<", ["timestamptz", "timestamptz"], "boolean" },
        { "<>", ["interval", "interval"], "boolean" },
        { "||", ["text", "text"], "text" },
        { "~~", ["text", "text"], "boolean" },
        { "~~*", ["text", "text"], "boolean" },
        { "~", ["text", "text"], "boolean" },
        { "->", ["jsonb", "text"], "jsonb" },
        { "->>", ["jsonb", "integer"], "text" },
        { "#>>", ["jsonb", "text[]"], "text" },
        { "abs", ["numeric"], "numeric" },
        { "round", ["double precision"], "double precision" },
        { "round", ["numeric", "integer"], "numeric" },
        { "floor", ["numeric"], "numeric" },
        { "ceil", ["double precision"], "double precision" },
        { "sqrt", ["numeric"], "numeric" },
        { "power", ["double precision", "double precision"], "double precision" },
        { "ln", ["numeric"], "numeric" },
        { "exp", ["double precision"], "double precision" },
        { "mod", ["bigint", "bigint"], "bigint" },
        { "length", ["text"], "integer" },
        { "substr", ["text", "integer", "integer"], "text" },
        { "substring", ["text", "integer"], "text" },
        { "position", ["text", "text"], "integer" },
        { "split_part", ["text", "text", "integer"], "text" },
        { "string_to_array", ["text", "text"], "text[]" },
        { "regexp_match", ["text", "text"], "text[]" },
        { "starts_with", ["text", "text"], "boolean" },
        { "now", [], "timestamp with time zone" },
        { "proctime", [], "timestamp with time zone" },
        { "date_trunc", ["text", "timestamp"], "timestamp" },
        { "date_trunc", ["text", "timestamptz"], "timestamptz" },
        { "extract", ["text", "timestamp"], "numeric" },
        { "date_part", ["text", "timestamp"], "double precision" },
        { "to_timestamp", ["double precision"], "timestamptz" },
        { "to_char", ["timestamp", "text"], "text" },
        { "make_interval", ["integer", "integer", "integer", "integer", "integer", "integer", "double precision"], "interval" },
        { "jsonb_typeof", ["jsonb"], "text" },
        { "jsonb_array_length", ["jsonb"], "integer" },
        { "array_to_string", ["integer[]", "text"], "text" },
        { "array_join", ["text[]", "text"], "text" },
        { "format_type", ["integer", "integer"], "text" },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void OverloadsHavePostgreSqlSignatures(string name, string[] parameters, string returns)
    {
        var types = parameters.Select(p => PgTypes.FromSqlName(p)!).ToArray();
        var f = Registry.Find(name, types);
        Assert.NotNull(f);
        Assert.Equal(PgTypes.FromSqlName(returns), f.Signature.ReturnType);
    }

    [Fact]
    public void PolymorphicSignaturesUseUnknownSlots()
    {
        var anyArray = DataType.ArrayOf(DataType.Unknown);
        Assert.Equal(anyArray, Registry.Find(OperatorNames.ArrayConstructor, DataType.Unknown)!.Signature.ReturnType);
        Assert.True(Registry.Find(OperatorNames.ArrayConstructor, DataType.Unknown, DataType.Unknown, DataType.Unknown)!.Signature.Variadic);
        Assert.Equal(DataType.Unknown, Registry.Find(OperatorNames.Subscript, anyArray, DataType.Int32)!.Signature.ReturnType);
        Assert.Equal(DataType.Int32, Registry.Find("array_length", anyArray, DataType.Int32)!.Signature.ReturnType);
        Assert.Equal(DataType.Int32, Registry.Find("cardinality", anyArray)!.Signature.ReturnType);
        Assert.NotNull(Registry.Find("coalesce", DataType.Unknown, DataType.Unknown));
        Assert.NotNull(Registry.Find("array_append", anyArray, DataType.Unknown));
        Assert.NotNull(Registry.Find("array_position", anyArray, DataType.Unknown));
        Assert.NotNull(Registry.Find("array_cat", anyArray, anyArray));
    }

    [Fact]
    public void ConditionalFormsAreNotStrict()
    {
        Assert.False(Registry.Find("coalesce", DataType.Unknown)!.Strict);
        Assert.False(Registry.Find("greatest", DataType.Int32, DataType.Int32)!.Strict);
        Assert.False(Registry.Find("least", DataType.Int32)!.Strict);
        Assert.False(Registry.Find("nullif", DataType.Int32, DataType.Int32)!.Strict);
        Assert.False(Registry.Find("concat", DataType.Text)!.Strict);
        Assert.True(Registry.Find("+", DataType.Int32, DataType.Int32)!.Strict);
    }

    [Fact]
    public void ConcatTakesAnyArguments()
    {
        Assert.True(Registry.Find("concat", DataType.Text, DataType.Text)!.Signature.AnyArguments);
        Assert.True(Registry.Find("concat_ws", DataType.Text, DataType.Text, DataType.Text)!.Signature.AnyArguments);
        Assert.False(Registry.Find("||", DataType.Text, DataType.Text)!.Signature.AnyArguments);
    }

    [Fact]
    public void TimeComesFromTheContextAndIsNeverFolded()
    {
        var now = Registry.Find("now")!;
        var proctime = Registry.Find("proctime")!;
        Assert.True(now.Volatile);
        Assert.True(proctime.Volatile);
        var context = new FunctionContext(1_000_000, 2_000_000, TimeZoneInfo.Utc);
        Assert.Equal(1_000_000L, now.Invoke([], context));
        Assert.Equal(2_000_000L, proctime.Invoke([], context));
        Assert.Equal(0, Registry.Find("current_date")!.Invoke([], FunctionContext.Epoch0));
        Assert.False(Registry.Find("lower", DataType.Text)!.Volatile);
    }

    [Fact]
    public void TimestampTzFunctionsUseTheContextZone()
    {
        var paris = new FunctionContext(0, 0, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        var utc = (long)ValueParser.Parse("2022-07-01 23:30:00+00", DataType.TimestampTz)!;
        var trunc = Registry.Find("date_trunc", DataType.Text, DataType.TimestampTz)!;
        Assert.Equal("2022-07-02 00:00:00+02", ValueFormatter.Format(trunc.Invoke(["day", utc], paris), DataType.TimestampTz, paris.TimeZone));
        var extract = Registry.Find("extract", DataType.Text, DataType.TimestampTz)!;
        Assert.Equal(1m, extract.Invoke(["hour", utc], paris));
        Assert.Equal(7200m, extract.Invoke(["timezone", utc], paris));
    }

    [Fact]
    public void FindRequiresExactTypesAndWithExtends()
    {
        Assert.Null(Registry.Find("+", DataType.Int32, DataType.Int64));
        Assert.Null(Registry.Find("lower", DataType.Int32));
        var custom = new ScalarFunction(new FunctionSignature("twice", [DataType.Int32], DataType.Int32), (a, _) => (int)a[0]! * 2);
        var extended = Registry.With(custom);
        Assert.Same(custom, extended.Find("TWICE", DataType.Int32));
        Assert.False(Registry.Contains("twice"));
        Assert.Equal(Registry.All.Count() + 1, extended.All.Count());
    }

    [Fact]
    public void SignaturesPrintReadably()
    {
        Assert.Equal("round(numeric, integer) -> numeric", Registry.Find("round", DataType.Numeric, DataType.Int32)!.Signature.ToString());
        Assert.Equal("concat(text...) -> text", Registry.Find("concat", DataType.Text)!.Signature.ToString());
    }
}
