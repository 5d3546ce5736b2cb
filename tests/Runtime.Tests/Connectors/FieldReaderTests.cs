using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

/// <summary>The span fast paths must agree with <see cref="ValueParser"/>, value for value and error for error.</summary>
public sealed class FieldReaderTests
{
    public static TheoryData<string, string> Inputs => new()
    {
        { "integer", "42" }, { "integer", "-2147483648" }, { "integer", "2147483648" }, { "integer", " 7 " }, { "integer", "+5" },
        { "integer", "1e3" }, { "integer", "" }, { "integer", "-" }, { "smallint", "32768" }, { "smallint", "-32768" },
        { "bigint", "9223372036854775807" }, { "bigint", "-9223372036854775808" }, { "bigint", "9223372036854775808" }, { "bigint", "123456789012345678" },
        { "double precision", "1.5" }, { "double precision", "1e400" }, { "double precision", "1e-400" }, { "double precision", "0.000" },
        { "double precision", "NaN" }, { "double precision", "-Infinity" }, { "double precision", "1.2.3" }, { "double precision", ".5" },
        { "real", "3.4028236e38" }, { "real", "0.1" }, { "real", "1e-50" },
        { "numeric", "1.50" }, { "numeric", "-0.0" }, { "numeric", "1e2" }, { "numeric", "+.5" }, { "numeric", "abc" }, { "numeric", "12345678901234567890123456789" },
        { "boolean", "t" }, { "boolean", "FALSE" }, { "boolean", "on" }, { "boolean", "maybe" },
        { "timestamp", "2024-01-01 10:00:00" }, { "timestamp", "2024-01-01T10:00:00.123456" }, { "timestamp", "2024-01-01 10:00:00.1234567" },
        { "timestamp", "2024-01-01 10:00:00Z" }, { "timestamp", "2024-02-30 10:00:00" }, { "timestamp", "2024-01-01 24:00:00" }, { "timestamp", "2024-01-01 10:00" },
        { "timestamp with time zone", "2024-01-01 10:00:00+05:30" }, { "timestamp with time zone", "2024-01-01T10:00:00Z" },
        { "timestamp with time zone", "2024-01-01 10:00:00-08" }, { "timestamp with time zone", "2024-01-01 10:00:00" },
        { "date", "2024-02-29" }, { "date", "2023-02-29" }, { "date", "0099-01-01" }, { "date", "20240101" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Agrees_with_the_text_input_of_the_type(string typeName, string text)
    {
        var type = typeName switch
        {
            "integer" => DataType.Int32, "smallint" => DataType.Int16, "bigint" => DataType.Int64,
            "double precision" => DataType.Float64, "real" => DataType.Float32, "numeric" => DataType.Numeric,
            "boolean" => DataType.Boolean, "timestamp" => DataType.Timestamp, "date" => DataType.Date,
            _ => DataType.TimestampTz,
        };
        string expected;
        try
        {
            expected = "value " + ValueFormatter.Format(ValueParser.Parse(text, type), type);
        }
        catch (SqlStateException e)
        {
            expected = $"error {e.SqlState} {e.Message}";
        }
        var column = Column.Create(type, 1);
        string actual;
        try
        {
            FieldReader.Write(column, 0, text);
            actual = "value " + ValueFormatter.Format(column.GetValue(0), type);
        }
        catch (SqlStateException e)
        {
            actual = $"error {e.SqlState} {e.Message}";
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Applies_the_numeric_type_modifier()
    {
        var column = Column.Create(DataType.NumericOf(5, 2), 1);
        FieldReader.Write(column, 0, "1.005");
        Assert.Equal(1.01m, column.GetValue(0));
        var e = Assert.Throws<SqlStateException>(() => FieldReader.Write(column, 0, "1000"));
        Assert.Equal("numeric field overflow", e.Message);
    }
}
