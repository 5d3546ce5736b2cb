using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

internal static class ArrayFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
    }
}
