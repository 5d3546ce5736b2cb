using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using StreamSql.Runtime.Types;
using Interval = StreamSql.Runtime.Types.Interval;

namespace StreamSql.Server.Pg;

/// <summary>
/// PostgreSQL's binary send/receive formats (the <c>typsend</c>/<c>typreceive</c> functions) for the
/// dialect's types. All integers are big-endian. Values are boxed in the runtime representation of
/// their <see cref="DataType"/> (see <see cref="TypeKind"/>).
/// </summary>
internal static class PgBinaryCodec
{
    /// <summary>Days from 1970-01-01 (the runtime's epoch) to 2000-01-01 (PostgreSQL's binary epoch).</summary>
    public const int PgEpochDays = 10_957;

    public const long PgEpochMicros = PgEpochDays * Interval.MicrosPerDay;

    private const short NumericPositive = 0x0000;
    private const short NumericNegative = 0x4000;
    private const ushort NumericNaN = 0xC000;

    /// <summary>Writes the value's bytes (without the Int32 length that precedes a field).</summary>
    public static void Write(PgOutput output, DataType type, object value)
    {
        switch (type.Kind)
        {
            case TypeKind.Boolean:
                output.WriteByte((bool)value ? (byte)1 : (byte)0);
                break;
            case TypeKind.Int16:
                output.WriteInt16((short)value);
                break;
            case TypeKind.Int32:
                output.WriteInt32((int)value);
                break;
            case TypeKind.Int64:
                output.WriteInt64((long)value);
                break;
            case TypeKind.Float32:
                output.WriteInt32(BitConverter.SingleToInt32Bits((float)value));
                break;
            case TypeKind.Float64:
                output.WriteInt64(BitConverter.DoubleToInt64Bits((double)value));
                break;
            case TypeKind.Numeric:
                WriteNumeric(output, (decimal)value);
                break;
            case TypeKind.Timestamp:
            case TypeKind.TimestampTz:
                // int64 microseconds since 2000-01-01 00:00:00 (UTC for timestamptz); ±infinity are the int64 extremes.
                output.WriteInt64(ToPgTimestamp((long)value));
                break;
            case TypeKind.Date:
                // int32 days since 2000-01-01; ±infinity are the int32 extremes.
                var days = (int)value;
                output.WriteInt32(days is int.MaxValue or int.MinValue ? days : days - PgEpochDays);
                break;
            case TypeKind.Interval:
                // int64 microseconds, int32 days, int32 months.
                var interval = (Interval)value;
                output.WriteInt64(interval.Micros);
                output.WriteInt32(interval.Days);
                output.WriteInt32(interval.Months);
                break;
            case TypeKind.Jsonb:
                // Byte 1 is the jsonb format version, then the JSON text.
                output.WriteByte(1);
                output.WriteUtf8((string)value);
                break;
            case TypeKind.Array:
                WriteArray(output, type.Element ?? DataType.Text, (object?[])value);
                break;
            default:
                output.WriteUtf8(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    /// <summary>Reads a value of <paramref name="type"/> from its binary form; throws <see cref="PgValueException"/> (22P03) on malformed input.</summary>
    public static object Read(DataType type, ReadOnlySpan<byte> data)
    {
        switch (type.Kind)
        {
            case TypeKind.Boolean:
                Expect(data, 1, type);
                return data[0] != 0;
            case TypeKind.Int16:
                Expect(data, 2, type);
                return BinaryPrimitives.ReadInt16BigEndian(data);
            case TypeKind.Int32:
                Expect(data, 4, type);
                return BinaryPrimitives.ReadInt32BigEndian(data);
            case TypeKind.Int64:
                Expect(data, 8, type);
                return BinaryPrimitives.ReadInt64BigEndian(data);
            case TypeKind.Float32:
                Expect(data, 4, type);
                return BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32BigEndian(data));
            case TypeKind.Float64:
                Expect(data, 8, type);
                return BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(data));
            case TypeKind.Numeric:
                return ReadNumeric(data);
            case TypeKind.Timestamp:
            case TypeKind.TimestampTz:
                Expect(data, 8, type);
                return FromPgTimestamp(BinaryPrimitives.ReadInt64BigEndian(data));
            case TypeKind.Date:
                Expect(data, 4, type);
                var days = BinaryPrimitives.ReadInt32BigEndian(data);
                return days is int.MaxValue or int.MinValue ? days : checked(days + PgEpochDays);
            case TypeKind.Interval:
                Expect(data, 16, type);
                return new Interval(
                    BinaryPrimitives.ReadInt32BigEndian(data[12..]),
                    BinaryPrimitives.ReadInt32BigEndian(data[8..]),
                    BinaryPrimitives.ReadInt64BigEndian(data));
            case TypeKind.Jsonb:
                if (data.Length < 1 || data[0] != 1)
                    throw new PgValueException("22P03", "unsupported jsonb version number " + (data.Length < 1 ? "(none)" : data[0].ToString(CultureInfo.InvariantCulture)));
                return PgTextCodec.Parse(type, Utf8(data[1..]), TimeZoneInfo.Utc)!;
            case TypeKind.Array:
                return ReadArray(type.Element ?? DataType.Text, data);
            default:
                return Utf8(data);
        }
    }

    public static long ToPgTimestamp(long micros) =>
        micros is long.MaxValue or long.MinValue ? micros : micros - PgEpochMicros;

    public static long FromPgTimestamp(long pgMicros)
    {
        if (pgMicros is long.MaxValue or long.MinValue)
            return pgMicros;
        try
        {
            return checked(pgMicros + PgEpochMicros);
        }
        catch (OverflowException)
        {
            throw new PgValueException("22008", "timestamp out of range");
        }
    }

    private static string Utf8(ReadOnlySpan<byte> data)
    {
        try
        {
            return StrictUtf8.GetString(data);
        }
        catch (DecoderFallbackException)
        {
            throw new PgValueException("22021", "invalid byte sequence for encoding \"UTF8\"");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static void Expect(ReadOnlySpan<byte> data, int length, DataType type)
    {
        if (data.Length != length)
            throw new PgValueException("22P03", $"incorrect binary data format: {type} needs {length} bytes, got {data.Length}");
    }

    // numeric: int16 ndigits, int16 weight (base-10000 exponent of the first digit), int16 sign
    // (0x0000 +, 0x4000 -, 0xC000 NaN), int16 dscale (decimal digits after the point), then ndigits
    // int16 base-10000 digits, most significant first, without leading or trailing zero digits.
    private static void WriteNumeric(PgOutput output, decimal value)
    {
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        text = text[..length];
        var negative = text[0] == '-';
        if (negative)
            text = text[1..];
        var point = text.IndexOf('.');
        var integer = point < 0 ? text : text[..point];
        Span<char> fraction = point < 0 ? Span<char>.Empty : text[(point + 1)..];
        var scale = fraction.Length;

        // Base-10000 digits: integer digits grouped from the point leftwards, fraction digits rightwards.
        var integerGroups = (integer.Length + 3) / 4;
        var fractionGroups = (fraction.Length + 3) / 4;
        Span<short> digits = stackalloc short[integerGroups + fractionGroups];
        var pad = integerGroups * 4 - integer.Length;
        for (var i = 0; i < integerGroups * 4; i++)
        {
            var d = i < pad ? 0 : integer[i - pad] - '0';
            digits[i / 4] = (short)(digits[i / 4] * 10 + d);
        }
        for (var i = 0; i < fractionGroups * 4; i++)
        {
            var d = i < fraction.Length ? fraction[i] - '0' : 0;
            digits[integerGroups + i / 4] = (short)(digits[integerGroups + i / 4] * 10 + d);
        }
        var weight = integerGroups - 1;
        var first = 0;
        while (first < digits.Length && digits[first] == 0)
        {
            first++;
            weight--;
        }
        var last = digits.Length;
        while (last > first && digits[last - 1] == 0)
            last--;
        if (first == last)
            weight = 0;

        output.WriteInt16((short)(last - first));
        output.WriteInt16((short)weight);
        output.WriteInt16(negative && first != last ? NumericNegative : NumericPositive);
        output.WriteInt16((short)scale);
        for (var i = first; i < last; i++)
            output.WriteInt16(digits[i]);
    }

    private static decimal ReadNumeric(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8)
            throw new PgValueException("22P03", "insufficient data for a numeric value");
        var count = BinaryPrimitives.ReadInt16BigEndian(data);
        var weight = BinaryPrimitives.ReadInt16BigEndian(data[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        var scale = BinaryPrimitives.ReadInt16BigEndian(data[6..]);
        if (count < 0 || data.Length != 8 + 2 * count || scale < 0)
            throw new PgValueException("22P03", "invalid numeric value in binary format");
        if (sign >= NumericNaN)
            throw new PgValueException("22003", "NaN and infinity are not supported for numeric values");
        if (sign != (ushort)NumericPositive && sign != (ushort)NumericNegative)
            throw new PgValueException("22P03", "invalid sign in external \"numeric\" value");

        // Render as decimal text and let decimal.Parse apply the range check and scale.
        var builder = new StringBuilder(count * 4 + 8);
        if (sign == (ushort)NumericNegative)
            builder.Append('-');
        if (weight < 0)
            builder.Append('0');
        for (var g = 0; g <= weight; g++)
        {
            var digit = g < count ? BinaryPrimitives.ReadInt16BigEndian(data[(8 + 2 * g)..]) : (short)0;
            if (digit is < 0 or > 9999)
                throw new PgValueException("22P03", "invalid digit in external \"numeric\" value");
            builder.Append(g == 0 ? digit.ToString(CultureInfo.InvariantCulture) : digit.ToString("D4", CultureInfo.InvariantCulture));
        }
        if (scale > 0)
        {
            builder.Append('.');
            var fraction = new StringBuilder();
            for (var g = weight + 1; fraction.Length < scale; g++)
            {
                var digit = g >= 0 && g < count ? BinaryPrimitives.ReadInt16BigEndian(data[(8 + 2 * g)..]) : (short)0;
                if (digit is < 0 or > 9999)
                    throw new PgValueException("22P03", "invalid digit in external \"numeric\" value");
                fraction.Append(digit.ToString("D4", CultureInfo.InvariantCulture));
            }
            builder.Append(fraction.ToString(0, scale));
        }
        if (!decimal.TryParse(builder.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var result))
            throw new PgValueException("22003", "numeric value out of range");
        return result;
    }

    // array: int32 ndim, int32 has-null flag, int32 element OID, then per dimension int32 size and
    // int32 lower bound (1), then every element as int32 length (-1 for NULL) and its bytes.
    private static void WriteArray(PgOutput output, DataType element, object?[] values)
    {
        var hasNull = Array.IndexOf(values, null) >= 0;
        output.WriteInt32(values.Length == 0 ? 0 : 1);
        output.WriteInt32(hasNull ? 1 : 0);
        output.WriteInt32(PgTypeMap.OidOf(element));
        if (values.Length == 0)
            return;
        output.WriteInt32(values.Length);
        output.WriteInt32(1);
        foreach (var value in values)
        {
            if (value is null)
            {
                output.WriteInt32(-1);
                continue;
            }
            var at = output.ReserveInt32();
            Write(output, element, value);
            output.PatchInt32(at, output.MessageOffset - at - 4);
        }
    }

    private static object?[] ReadArray(DataType element, ReadOnlySpan<byte> data)
    {
        if (data.Length < 12)
            throw new PgValueException("22P03", "insufficient data for an array value");
        var dimensions = BinaryPrimitives.ReadInt32BigEndian(data);
        if (dimensions == 0)
            return [];
        if (dimensions != 1)
            throw new PgValueException("0A000", "only one-dimensional arrays are supported");
        if (data.Length < 20)
            throw new PgValueException("22P03", "insufficient data for an array value");
        var count = BinaryPrimitives.ReadInt32BigEndian(data[12..]);
        if (count < 0 || count > (data.Length - 20) / 4)
            throw new PgValueException("22P03", "invalid array length");
        var values = new object?[count];
        var at = 20;
        for (var i = 0; i < count; i++)
        {
            if (data.Length - at < 4)
                throw new PgValueException("22P03", "insufficient data for an array element");
            var length = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
            at += 4;
            if (length == -1)
                continue;
            if (length < 0 || length > data.Length - at)
                throw new PgValueException("22P03", "invalid array element length");
            values[i] = Read(element, data.Slice(at, length));
            at += length;
        }
        if (at != data.Length)
            throw new PgValueException("22P03", "incorrect binary data format in array");
        return values;
    }
}
