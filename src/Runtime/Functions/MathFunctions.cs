using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

internal static class MathFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
    }

    public static double PowerFloat(double x, double y) => Math.Pow(x, y);

    public static decimal PowerNumeric(decimal x, decimal y) => (decimal)Math.Pow((double)x, (double)y);
}
