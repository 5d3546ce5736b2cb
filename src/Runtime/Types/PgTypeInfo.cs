namespace StreamSql.Runtime.Types;

/// <summary>
/// A row of PostgreSQL's <c>pg_type</c> as clients see it: OID, <c>typname</c>, <c>typlen</c>
/// (-1 variable length), the OID of the array type (0 when none), the element OID of an array
/// type (0 otherwise), <c>typcategory</c> and <c>typispreferred</c>.
/// </summary>
public sealed record PgTypeInfo(
    int Oid,
    string Name,
    short Length,
    int ArrayOid,
    int ElementOid,
    char Category,
    bool IsPreferred,
    DataType Type);
