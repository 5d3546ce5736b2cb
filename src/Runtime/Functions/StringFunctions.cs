using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

internal static class StringFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
    }
}
