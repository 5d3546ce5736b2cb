using System.Collections.Frozen;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// Casts to PostgreSQL's object identifier types. <c>oid</c> is an integer. <c>regclass</c>, <c>regtype</c>,
    /// <c>regnamespace</c> and <c>regproc</c> turn a name into its OID (a constant, looked up in the catalog
    /// now) and an OID into its name: the result is text, which is what clients read and compare them as.
    /// </summary>
    private static bool IsObjectIdentifierType(TypeName type) =>
        type.ArrayDimensions == 0 && type.Name.Name.Name is "oid" or "regclass" or "regtype" or "regnamespace" or "regproc" or "regprocedure";

    private BoundExpression BindObjectIdentifierCast(CastExpression cast, ExpressionContext context)
    {
        var target = cast.Type.Name.Name.Name;
        var operand = Bind(cast.Operand, context);
        if (target == "oid")
        {
            return Convert(operand, DataType.Int32, CastContext.Explicit, cast.Span);
        }

        if (operand.Type.Kind is TypeKind.Text or TypeKind.Unknown)
        {
            if (operand is not BoundLiteral { Value: var value })
            {
                throw Error(DiagnosticCodes.FeatureNotSupported, cast.Span, $"a cast of a non-constant text to {target}");
            }

            return value is null ? BoundLiteral.Null(DataType.Int32) : new BoundLiteral(OidOfName(target, (string)value, cast.Span), DataType.Int32);
        }

        var oid = Convert(operand, DataType.Int32, CastContext.Explicit, cast.Span);
        var names = target switch
        {
            "regclass" => catalog.Objects.Where(o => o.Kind != ObjectKind.Sink).ToFrozenDictionary(ObjectOids.Of, ObjectOids.RelationNameOf),
            "regnamespace" => new[] { ObjectOids.PgCatalogNamespace, ObjectOids.PublicNamespace, ObjectOids.InformationSchemaNamespace }
                .ToFrozenDictionary(n => n, n => ObjectOids.NamespaceName(n)!),
            _ => null,
        };
        if (target == "regtype")
        {
            return ResolveCall("format_type", [oid, BoundLiteral.Null(DataType.Int32)], [cast.Span, cast.Span], cast.Span, isOperator: false);
        }

        // OID 0 prints as "-" and an OID no object has as its number, as in PostgreSQL.
        var function = new ScalarFunction(
            new FunctionSignature(target, [DataType.Int32], DataType.Text),
            (args, _) => (int)args[0]! switch
            {
                0 => "-",
                var id when names is not null && names.TryGetValue(id, out var name) => name,
                var id => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        return new BoundCall(function, [oid], DataType.Text);
    }

    private int OidOfName(string target, string name, TextSpan span)
    {
        switch (target)
        {
            case "regclass":
            {
                var key = name.StartsWith('"') && name.EndsWith('"') && name.Length > 1 ? name[1..^1] : name.ToLowerInvariant();
                var found = catalog.Find(key);
                if (found is null && key.StartsWith("public.", StringComparison.Ordinal))
                {
                    found = catalog.Find(key["public.".Length..]);
                }

                return found is null || found.Kind == ObjectKind.Sink
                    ? throw Error(DiagnosticCodes.UndefinedTable, span, "relation", name)
                    : ObjectOids.Of(found);
            }

            case "regtype":
            {
                var type = PgTypes.FromSqlName(name) ?? throw Error(DiagnosticCodes.UndefinedObject, span, "type", name);
                return PgTypes.Oid(type);
            }

            case "regnamespace":
            {
                var oid = ObjectOids.Namespace(name);
                return oid != 0 ? oid : throw Error(DiagnosticCodes.UndefinedObject, span, "schema", name);
            }

            default:
                throw Error(DiagnosticCodes.FeatureNotSupported, span, $"a cast of a name to {target}");
        }
    }
}
