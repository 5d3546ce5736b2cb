using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>Type names as users write them, on top of PostgreSQL's (RisingWave's <c>string</c> is text).</summary>
internal static class TypeNames
{
    public static DataType? Resolve(string name) => name switch
    {
        "string" => DataType.Text,
        _ => PgTypes.FromSqlName(name),
    };
}
