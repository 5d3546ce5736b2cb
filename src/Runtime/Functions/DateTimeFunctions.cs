using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

internal static class DateTimeFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
    }
}
