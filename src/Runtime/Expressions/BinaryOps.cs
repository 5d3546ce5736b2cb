using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

// The closed family of typed operator structs used by BinaryKernel; each delegates to the
// checked arithmetic of Types so that overflow and division by zero raise the SQLSTATE errors.

internal struct AddInt16 : IBinaryOp<short, short> { public static short Apply(short a, short b) => CheckedMath.Add(a, b); }
internal struct SubtractInt16 : IBinaryOp<short, short> { public static short Apply(short a, short b) => CheckedMath.Subtract(a, b); }
internal struct MultiplyInt16 : IBinaryOp<short, short> { public static short Apply(short a, short b) => CheckedMath.Multiply(a, b); }
internal struct DivideInt16 : IBinaryOp<short, short> { public static short Apply(short a, short b) => CheckedMath.Divide(a, b); }
internal struct ModuloInt16 : IBinaryOp<short, short> { public static short Apply(short a, short b) => CheckedMath.Modulo(a, b); }
internal struct AddInt32 : IBinaryOp<int, int> { public static int Apply(int a, int b) => CheckedMath.Add(a, b); }
internal struct SubtractInt32 : IBinaryOp<int, int> { public static int Apply(int a, int b) => CheckedMath.Subtract(a, b); }
internal struct MultiplyInt32 : IBinaryOp<int, int> { public static int Apply(int a, int b) => CheckedMath.Multiply(a, b); }
internal struct DivideInt32 : IBinaryOp<int, int> { public static int Apply(int a, int b) => CheckedMath.Divide(a, b); }
internal struct ModuloInt32 : IBinaryOp<int, int> { public static int Apply(int a, int b) => CheckedMath.Modulo(a, b); }
internal struct AddInt64 : IBinaryOp<long, long> { public static long Apply(long a, long b) => CheckedMath.Add(a, b); }
internal struct SubtractInt64 : IBinaryOp<long, long> { public static long Apply(long a, long b) => CheckedMath.Subtract(a, b); }
internal struct MultiplyInt64 : IBinaryOp<long, long> { public static long Apply(long a, long b) => CheckedMath.Multiply(a, b); }
internal struct DivideInt64 : IBinaryOp<long, long> { public static long Apply(long a, long b) => CheckedMath.Divide(a, b); }
internal struct ModuloInt64 : IBinaryOp<long, long> { public static long Apply(long a, long b) => CheckedMath.Modulo(a, b); }
internal struct AddFloat32 : IBinaryOp<float, float> { public static float Apply(float a, float b) => CheckedMath.Add(a, b); }
internal struct SubtractFloat32 : IBinaryOp<float, float> { public static float Apply(float a, float b) => CheckedMath.Subtract(a, b); }
internal struct MultiplyFloat32 : IBinaryOp<float, float> { public static float Apply(float a, float b) => CheckedMath.Multiply(a, b); }
internal struct DivideFloat32 : IBinaryOp<float, float> { public static float Apply(float a, float b) => CheckedMath.Divide(a, b); }
internal struct AddFloat64 : IBinaryOp<double, double> { public static double Apply(double a, double b) => CheckedMath.Add(a, b); }
internal struct SubtractFloat64 : IBinaryOp<double, double> { public static double Apply(double a, double b) => CheckedMath.Subtract(a, b); }
internal struct MultiplyFloat64 : IBinaryOp<double, double> { public static double Apply(double a, double b) => CheckedMath.Multiply(a, b); }
internal struct DivideFloat64 : IBinaryOp<double, double> { public static double Apply(double a, double b) => CheckedMath.Divide(a, b); }
internal struct AddNumeric : IBinaryOp<decimal, decimal> { public static decimal Apply(decimal a, decimal b) => NumericMath.Add(a, b); }
internal struct SubtractNumeric : IBinaryOp<decimal, decimal> { public static decimal Apply(decimal a, decimal b) => NumericMath.Subtract(a, b); }
internal struct MultiplyNumeric : IBinaryOp<decimal, decimal> { public static decimal Apply(decimal a, decimal b) => NumericMath.Multiply(a, b); }
internal struct DivideNumeric : IBinaryOp<decimal, decimal> { public static decimal Apply(decimal a, decimal b) => NumericMath.Divide(a, b); }
internal struct ModuloNumeric : IBinaryOp<decimal, decimal> { public static decimal Apply(decimal a, decimal b) => NumericMath.Modulo(a, b); }

internal struct Equal<T> : IBinaryOp<T, bool> { public static bool Apply(T a, T b) => Data.Column<T>.ValueCompare(a, b) == 0; }
internal struct NotEqual<T> : IBinaryOp<T, bool> { public static bool Apply(T a, T b) => Data.Column<T>.ValueCompare(a, b) != 0; }
internal struct Less<T> : IBinaryOp<T, bool> { public static bool Apply(T a, T b) => Data.Column<T>.ValueCompare(a, b) < 0; }
internal struct LessOrEqual<T> : IBinaryOp<T, bool> { public static bool Apply(T a, T b) => Data.Column<T>.ValueCompare(a, b) <= 0; }
internal struct Greater<T> : IBinaryOp<T, bool> { public static bool Apply(T a, T b) => Data.Column<T>.ValueCompare(a, b) > 0; }
internal struct GreaterOrEqual<T> : IBinaryOp<T, bool> { public static bool Apply(T a, T b) => Data.Column<T>.ValueCompare(a, b) >= 0; }
