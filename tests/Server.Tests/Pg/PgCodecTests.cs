using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using StreamSql.Runtime.Types;
using StreamSql.Server.Pg;

namespace StreamSql.Server.Tests.Pg;

/// <summary>The wire encodings on their own: the text fast paths agree with the runtime's formatter, binary formats are exact.</summary>
public sealed class PgCodecTests
{
    /// <summary>Bytes one value encodes to, in text or binary.</summary>
    private static byte[] Encode(DataType type, object value, bool binary, TimeZoneInfo? zone = null)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var output = new PgOutput(pipe.Writer, TimeSpan.FromSeconds(1));
        output.StartMessage((byte)'x');
        if (binary)
            PgBinaryCodec.Write(output, type, value);
        else
            PgTextCodec.Write(output, type, value, zone ?? TimeZoneInfo.Utc);
        output.EndMessage();
        output.FlushAsync().AsTask().GetAwaiter().GetResult();
        pipe.Reader.TryRead(out var result);
        var bytes = result.Buffer.Slice(5).ToArray();
        pipe.Reader.AdvanceTo(result.Buffer.End);
        return bytes;
    }

    private static string Text(DataType type, object value, TimeZoneInfo? zone = null) => Encoding.UTF8.GetString(Encode(type, value, false, zone));

    [Fact]
    public void FloatTextMatchesTheRuntimeFormatter()
    {
        var random = new Random(7);
        var doubles = new List<double> { 0.0, -0.0, 1, -1, 0.1, 1e15, 1e14, 123456789012345678, 1e-4, 1e-5, 1.5e-7, double.MaxValue, double.Epsilon, -double.MinValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity };
        for (var i = 0; i < 3000; i++)
            doubles.Add(BitConverter.Int64BitsToDouble(random.NextInt64()));
        for (var i = 0; i < 1000; i++)
            doubles.Add(Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-8, 20)), random.Next(0, 8)));
        foreach (var d in doubles)
        {
            Assert.Equal(ValueFormatter.Format(d, DataType.Float64), Text(DataType.Float64, d));
            var f = (float)d;
            Assert.Equal(ValueFormatter.Format(f, DataType.Float32), Text(DataType.Float32, f));
        }
    }

    [Fact]
    public void TimestampAndDateTextMatchTheRuntimeFormatter()
    {
        var random = new Random(11);
        var micros = new List<long> { 0, -1, 1, long.MaxValue, long.MinValue, -62_135_596_800_000_000L, -62_135_596_800_000_001L, 253_402_300_800_000_000L, 946_684_800_000_000L };
        for (var i = 0; i < 3000; i++)
            micros.Add(random.NextInt64(-210_000_000_000_000_000L, 9_000_000_000_000_000_000L / 100));
        foreach (var m in micros)
        {
            Assert.Equal(ValueFormatter.Format(m, DataType.Timestamp), Text(DataType.Timestamp, m));
            Assert.Equal(ValueFormatter.Format(m, DataType.TimestampTz), Text(DataType.TimestampTz, m));
        }
        var days = new List<int> { 0, -1, 1, int.MaxValue, int.MinValue, -719_162, -719_163, 2_932_896 };
        for (var i = 0; i < 3000; i++)
            days.Add(random.Next(-2_400_000, 2_000_000_000 / 1000));
        foreach (var d in days)
            Assert.Equal(ValueFormatter.Format(d, DataType.Date), Text(DataType.Date, d));
    }

    [Fact]
    public void NumericIntegerAndBooleanTextMatchTheRuntimeFormatter()
    {
        decimal[] numbers = [0m, -0.00m, 1.50m, -12345.6789m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m];
        foreach (var n in numbers)
            Assert.Equal(ValueFormatter.Format(n, DataType.Numeric), Text(DataType.Numeric, n));
        Assert.Equal("0.00", Text(DataType.Numeric, -0.00m));
        Assert.Equal("-32768", Text(DataType.Int16, short.MinValue));
        Assert.Equal("-2147483648", Text(DataType.Int32, int.MinValue));
        Assert.Equal("-9223372036854775808", Text(DataType.Int64, long.MinValue));
        Assert.Equal("t", Text(DataType.Boolean, true));
        Assert.Equal("f", Text(DataType.Boolean, false));
    }

    [Fact]
    public void OtherKindsUseTheRuntimeFormatter()
    {
        var interval = new Interval(-13, 2, -3_600_000_001);
        Assert.Equal(ValueFormatter.FormatInterval(interval), Text(DataType.Interval, interval));
        Assert.Equal("{{1,2},{3,NULL}}", Text(DataType.ArrayOf(DataType.ArrayOf(DataType.Int32)), new object?[] { new object?[] { 1, 2 }, new object?[] { 3, null } }));
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        Assert.Equal("2000-01-01 09:00:00+09", Text(DataType.TimestampTz, 946_684_800_000_000L, tokyo));
    }

    [Theory]
    [InlineData("12345.6789", new short[] { 3, 1, 0x0000, 4, 1, 2345, 6789 })]
    [InlineData("0.0001", new short[] { 1, -1, 0x0000, 4, 1 })]
    [InlineData("-0.00010", new short[] { 1, -1, 0x4000, 5, 1 })]
    [InlineData("0", new short[] { 0, 0, 0x0000, 0 })]
    [InlineData("0.000", new short[] { 0, 0, 0x0000, 3 })]
    [InlineData("10000", new short[] { 1, 1, 0x0000, 0, 1 })]
    [InlineData("-1.5", new short[] { 2, 0, 0x4000, 1, 1, 5000 })]
    [InlineData("79228162514264337593543950335", new short[] { 8, 7, 0, 0, 7, 9228, 1625, 1426, 4337, 5935, 4395, 335 })]
    public void NumericBinaryLayout(string text, short[] expected)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = Encode(DataType.Numeric, value, binary: true);
        var words = Enumerable.Range(0, bytes.Length / 2).Select(i => (short)((bytes[2 * i] << 8) | bytes[2 * i + 1])).ToArray();
        Assert.Equal(expected, words);
        var back = (decimal)PgBinaryCodec.Read(DataType.Numeric, bytes);
        Assert.Equal(value, back);
        Assert.Equal(value.Scale, back.Scale);
    }

    public static TheoryData<DataType, object> RoundTripValues => new()
    {
        { DataType.Boolean, true },
        { DataType.Int16, (short)-2 },
        { DataType.Int32, int.MaxValue },
        { DataType.Int64, long.MinValue },
        { DataType.Float32, float.NaN },
        { DataType.Float64, double.NegativeInfinity },
        { DataType.Numeric, -0.000000001m },
        { DataType.Text, "" },
        { DataType.Timestamp, long.MaxValue },
        { DataType.TimestampTz, -1L },
        { DataType.Date, int.MinValue },
        { DataType.Date, -800_000 },
        { DataType.Interval, new Interval(1, -2, 3) },
        { DataType.Jsonb, "{\"a\": null}" },
        { DataType.ArrayOf(DataType.Text), new object?[] { "a", null } },
        { DataType.ArrayOf(DataType.Numeric), Array.Empty<object?>() },
    };

    [Theory]
    [MemberData(nameof(RoundTripValues))]
    public void BinaryRoundTrips(DataType type, object value)
    {
        var back = PgBinaryCodec.Read(type, Encode(type, value, binary: true));
        Assert.Equal(value, back);
    }

    [Fact]
    public void BinaryEpochsArePostgres2000()
    {
        Assert.Equal(new byte[8], Encode(DataType.Timestamp, 946_684_800_000_000L, binary: true));
        Assert.Equal(new byte[4], Encode(DataType.Date, 10_957, binary: true));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1], Encode(DataType.Interval, new Interval(1, 2, 3), binary: true));
        Assert.Equal([1, (byte)'{', (byte)'}'], Encode(DataType.Jsonb, "{}", binary: true));
    }

    [Theory]
    [InlineData(TypeKind.Int32, new byte[] { 0, 0, 1 }, "22P03")]
    [InlineData(TypeKind.Boolean, new byte[] { }, "22P03")]
    [InlineData(TypeKind.Jsonb, new byte[] { 2, (byte)'1' }, "22P03")]
    [InlineData(TypeKind.Numeric, new byte[] { 0, 0, 0, 0, 0xC0, 0, 0, 0 }, "22003")]
    [InlineData(TypeKind.Numeric, new byte[] { 0, 1, 0, 0, 0, 0, 0, 0 }, "22P03")]
    [InlineData(TypeKind.Numeric, new byte[] { 0, 1, 0, 0, 0, 0, 0, 0, 0x27, 0x10 }, "22P03")]
    [InlineData(TypeKind.Numeric, new byte[] { 0, 1, 0, 20, 0, 0, 0, 0, 0, 1 }, "22003")]
    [InlineData(TypeKind.Text, new byte[] { 0xC3, 0x28 }, "22021")]
    public void MalformedBinaryValuesAreRejected(TypeKind kind, byte[] bytes, string sqlState)
    {
        var error = Assert.Throws<PgValueException>(() => PgBinaryCodec.Read(new DataType(kind), bytes));
        Assert.Equal(sqlState, error.SqlState);
    }

    [Fact]
    public void MalformedBinaryArraysAreRejected()
    {
        var type = DataType.ArrayOf(DataType.Int32);
        byte[] twoDimensions = [0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1];
        Assert.Equal("0A000", Assert.Throws<PgValueException>(() => PgBinaryCodec.Read(type, twoDimensions)).SqlState);
        byte[] lyingCount = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0x7F, 0, 0, 0, 0, 0, 0, 1];
        Assert.Equal("22P03", Assert.Throws<PgValueException>(() => PgBinaryCodec.Read(type, lyingCount)).SqlState);
        byte[] shortElement = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 1];
        Assert.Equal("22P03", Assert.Throws<PgValueException>(() => PgBinaryCodec.Read(type, shortElement)).SqlState);
    }

    [Fact]
    public void LargeValuesMoveTheOpenMessageToALargerBuffer()
    {
        var text = new string('x', 100_000) + "é";
        var bytes = Encode(DataType.Text, text, binary: false);
        Assert.Equal(Encoding.UTF8.GetBytes(text), bytes);
    }

    [Fact]
    public async Task AFlushThatCannotDrainGivesUpAfterTheWriteTimeout()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512));
        var output = new PgOutput(pipe.Writer, TimeSpan.FromMilliseconds(200));
        output.StartMessage((byte)'d');
        output.WriteBytes(new byte[4096]);
        output.EndMessage();
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<PgClientGoneException>(() => output.FlushAsync().AsTask());
        Assert.Equal("the client stopped reading its results", error.Message);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AFlushToAClosedPeerReportsIt()
    {
        var pipe = new Pipe();
        var output = new PgOutput(pipe.Writer, TimeSpan.FromSeconds(1));
        pipe.Reader.Complete();
        output.StartMessage((byte)'Z');
        output.WriteByte((byte)'I');
        output.EndMessage();
        var error = await Assert.ThrowsAsync<PgClientGoneException>(() => output.FlushAsync().AsTask());
        Assert.Equal("the client closed the connection", error.Message);
    }

    [Fact]
    public void TextParametersUseTheRuntimeParser()
    {
        Assert.Equal(42, PgTextCodec.Parse(DataType.Int32, " 42 ", TimeZoneInfo.Utc));
        var error = Assert.Throws<PgValueException>(() => PgTextCodec.Parse(DataType.Int32, "4x", TimeZoneInfo.Utc));
        Assert.Equal("22P02", error.SqlState);
        Assert.Equal("invalid input syntax for type integer: \"4x\"", error.Message);
    }
}
