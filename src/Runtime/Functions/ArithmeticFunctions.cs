using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Functions.OperatorNames;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// + - * / % ^ and unary minus over the number types (same-type overloads: the binder's implicit
/// casts pick the widest, as PostgreSQL's resolution does), and the date/time arithmetic
/// operators. Integer division truncates; overflow is 22003, division by zero 22012.
/// </summary>
internal static class ArithmeticFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
        var i2 = DataType.Int16;
        var i4 = DataType.Int32;
        var i8 = DataType.Int64;
        var f4 = DataType.Float32;
        var f8 = DataType.Float64;
        var num = DataType.Numeric;

        b.Add(Add, [i2, i2], i2, a => CheckedMath.Add((short)a[0]!, (short)a[1]!));
        b.Add(Subtract, [i2, i2], i2, a => CheckedMath.Subtract((short)a[0]!, (short)a[1]!));
        b.Add(Multiply, [i2, i2], i2, a => CheckedMath.Multiply((short)a[0]!, (short)a[1]!));
        b.Add(Divide, [i2, i2], i2, a => CheckedMath.Divide((short)a[0]!, (short)a[1]!));
        b.Add(Modulo, [i2, i2], i2, a => CheckedMath.Modulo((short)a[0]!, (short)a[1]!));
        b.Add(Negate, [i2], i2, a => CheckedMath.Negate((short)a[0]!));
        b.Add(UnaryPlus, [i2], i2, a => a[0]);

        b.Add(Add, [i4, i4], i4, a => CheckedMath.Add((int)a[0]!, (int)a[1]!));
        b.Add(Subtract, [i4, i4], i4, a => CheckedMath.Subtract((int)a[0]!, (int)a[1]!));
        b.Add(Multiply, [i4, i4], i4, a => CheckedMath.Multiply((int)a[0]!, (int)a[1]!));
        b.Add(Divide, [i4, i4], i4, a => CheckedMath.Divide((int)a[0]!, (int)a[1]!));
        b.Add(Modulo, [i4, i4], i4, a => CheckedMath.Modulo((int)a[0]!, (int)a[1]!));
        b.Add(Negate, [i4], i4, a => CheckedMath.Negate((int)a[0]!));
        b.Add(UnaryPlus, [i4], i4, a => a[0]);

        b.Add(Add, [i8, i8], i8, a => CheckedMath.Add((long)a[0]!, (long)a[1]!));
        b.Add(Subtract, [i8, i8], i8, a => CheckedMath.Subtract((long)a[0]!, (long)a[1]!));
        b.Add(Multiply, [i8, i8], i8, a => CheckedMath.Multiply((long)a[0]!, (long)a[1]!));
        b.Add(Divide, [i8, i8], i8, a => CheckedMath.Divide((long)a[0]!, (long)a[1]!));
        b.Add(Modulo, [i8, i8], i8, a => CheckedMath.Modulo((long)a[0]!, (long)a[1]!));
        b.Add(Negate, [i8], i8, a => CheckedMath.Negate((long)a[0]!));
        b.Add(UnaryPlus, [i8], i8, a => a[0]);

        b.Add(Add, [f4, f4], f4, a => CheckedMath.Add((float)a[0]!, (float)a[1]!));
        b.Add(Subtract, [f4, f4], f4, a => CheckedMath.Subtract((float)a[0]!, (float)a[1]!));
        b.Add(Multiply, [f4, f4], f4, a => CheckedMath.Multiply((float)a[0]!, (float)a[1]!));
        b.Add(Divide, [f4, f4], f4, a => CheckedMath.Divide((float)a[0]!, (float)a[1]!));
        b.Add(Negate, [f4], f4, a => -(float)a[0]!);
        b.Add(UnaryPlus, [f4], f4, a => a[0]);

        // real with double precision (PostgreSQL's float48 / float84 operators): real beside an integer or
        // numeric resolves to these, as their double precision side is the preferred type.
        b.Add(Add, [f4, f8], f8, a => CheckedMath.Add((double)(float)a[0]!, (double)a[1]!));
        b.Add(Subtract, [f4, f8], f8, a => CheckedMath.Subtract((double)(float)a[0]!, (double)a[1]!));
        b.Add(Multiply, [f4, f8], f8, a => CheckedMath.Multiply((double)(float)a[0]!, (double)a[1]!));
        b.Add(Divide, [f4, f8], f8, a => CheckedMath.Divide((double)(float)a[0]!, (double)a[1]!));
        b.Add(Add, [f8, f4], f8, a => CheckedMath.Add((double)a[0]!, (double)(float)a[1]!));
        b.Add(Subtract, [f8, f4], f8, a => CheckedMath.Subtract((double)a[0]!, (double)(float)a[1]!));
        b.Add(Multiply, [f8, f4], f8, a => CheckedMath.Multiply((double)a[0]!, (double)(float)a[1]!));
        b.Add(Divide, [f8, f4], f8, a => CheckedMath.Divide((double)a[0]!, (double)(float)a[1]!));

        b.Add(Add, [f8, f8], f8, a => CheckedMath.Add((double)a[0]!, (double)a[1]!));
        b.Add(Subtract, [f8, f8], f8, a => CheckedMath.Subtract((double)a[0]!, (double)a[1]!));
        b.Add(Multiply, [f8, f8], f8, a => CheckedMath.Multiply((double)a[0]!, (double)a[1]!));
        b.Add(Divide, [f8, f8], f8, a => CheckedMath.Divide((double)a[0]!, (double)a[1]!));
        b.Add(Negate, [f8], f8, a => -(double)a[0]!);
        b.Add(UnaryPlus, [f8], f8, a => a[0]);
        b.Add(Power, [f8, f8], f8, a => MathFunctions.PowerFloat((double)a[0]!, (double)a[1]!));

        b.Add(Add, [num, num], num, a => NumericMath.Add((decimal)a[0]!, (decimal)a[1]!));
        b.Add(Subtract, [num, num], num, a => NumericMath.Subtract((decimal)a[0]!, (decimal)a[1]!));
        b.Add(Multiply, [num, num], num, a => NumericMath.Multiply((decimal)a[0]!, (decimal)a[1]!));
        b.Add(Divide, [num, num], num, a => NumericMath.Divide((decimal)a[0]!, (decimal)a[1]!));
        b.Add(Modulo, [num, num], num, a => NumericMath.Modulo((decimal)a[0]!, (decimal)a[1]!));
        b.Add(Negate, [num], num, a => NumericMath.Negate((decimal)a[0]!));
        b.Add(UnaryPlus, [num], num, a => a[0]);
        b.Add(Power, [num, num], num, a => MathFunctions.PowerNumeric((decimal)a[0]!, (decimal)a[1]!));

        var ts = DataType.Timestamp;
        var tstz = DataType.TimestampTz;
        var date = DataType.Date;
        var iv = DataType.Interval;

        b.Add(Add, [ts, iv], ts, a => DateTimeMath.Add((long)a[0]!, (Interval)a[1]!));
        b.Add(Add, [iv, ts], ts, a => DateTimeMath.Add((long)a[1]!, (Interval)a[0]!));
        b.Add(Subtract, [ts, iv], ts, a => DateTimeMath.Subtract((long)a[0]!, (Interval)a[1]!));
        b.Add(Subtract, [ts, ts], iv, a => DateTimeMath.Difference((long)a[0]!, (long)a[1]!));

        b.Add(Add, [tstz, iv], tstz, (a, c) => DateTimeMath.Add((long)a[0]!, (Interval)a[1]!, c.TimeZone));
        b.Add(Add, [iv, tstz], tstz, (a, c) => DateTimeMath.Add((long)a[1]!, (Interval)a[0]!, c.TimeZone));
        b.Add(Subtract, [tstz, iv], tstz, (a, c) => DateTimeMath.Subtract((long)a[0]!, (Interval)a[1]!, c.TimeZone));
        b.Add(Subtract, [tstz, tstz], iv, a => DateTimeMath.Difference((long)a[0]!, (long)a[1]!));

        b.Add(Add, [date, i4], date, a => DateTimeMath.AddDays((int)a[0]!, (int)a[1]!));
        b.Add(Add, [i4, date], date, a => DateTimeMath.AddDays((int)a[1]!, (int)a[0]!));
        b.Add(Subtract, [date, i4], date, a => DateTimeMath.AddDays((int)a[0]!, CheckedMath.Negate((int)a[1]!)));
        b.Add(Subtract, [date, date], i4, a => CheckedMath.Subtract((int)a[0]!, (int)a[1]!));
        b.Add(Add, [date, iv], ts, a => DateTimeMath.Add(CastEvaluator.DateToMicros((int)a[0]!), (Interval)a[1]!));
        b.Add(Add, [iv, date], ts, a => DateTimeMath.Add(CastEvaluator.DateToMicros((int)a[1]!), (Interval)a[0]!));
        b.Add(Subtract, [date, iv], ts, a => DateTimeMath.Subtract(CastEvaluator.DateToMicros((int)a[0]!), (Interval)a[1]!));

        b.Add(Add, [iv, iv], iv, a => DateTimeMath.Add((Interval)a[0]!, (Interval)a[1]!));
        b.Add(Subtract, [iv, iv], iv, a => DateTimeMath.Subtract((Interval)a[0]!, (Interval)a[1]!));
        b.Add(Negate, [iv], iv, a => DateTimeMath.Negate((Interval)a[0]!));
        b.Add(UnaryPlus, [iv], iv, a => a[0]);
        b.Add(Multiply, [iv, f8], iv, a => DateTimeMath.Multiply((Interval)a[0]!, (double)a[1]!));
        b.Add(Multiply, [f8, iv], iv, a => DateTimeMath.Multiply((Interval)a[1]!, (double)a[0]!));
        b.Add(Divide, [iv, f8], iv, a => DateTimeMath.Divide((Interval)a[0]!, (double)a[1]!));
    }
}
