using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

internal static class JsonFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
    }
}
