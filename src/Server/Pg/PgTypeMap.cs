using StreamSql.Runtime.Types;

namespace StreamSql.Server.Pg;

/// <summary>
/// What RowDescription and ParameterDescription say of a type, from the runtime's <see cref="PgTypes"/>.
/// The one difference: a column whose type is still unknown (an untyped NULL) is described as
/// text, as PostgreSQL resolves such output columns.
/// </summary>
internal static class PgTypeMap
{
    public static int OidOf(DataType type) => type.Kind == TypeKind.Unknown ? PgTypes.TextOid : PgTypes.Oid(type);

    public static short SizeOf(DataType type) => type.Kind == TypeKind.Unknown ? (short)-1 : PgTypes.Info(type).Length;

    public static int ModifierOf(DataType type) => PgTypes.TypeModifier(type);

    /// <summary>The type of a parameter OID a client named in Parse: null for 0 or unknown (inferred), <paramref name="supported"/> false for types the dialect lacks.</summary>
    public static DataType? FromOid(int oid, out bool supported)
    {
        supported = true;
        if (oid is 0 or PgTypes.UnknownOid)
            return null;
        var type = PgTypes.FromOid(oid);
        supported = type is not null;
        return type;
    }
}
