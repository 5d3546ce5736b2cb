using System.Collections.Immutable;
using StreamSql.Parser;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// <c>current_database()</c> and <c>current_setting(name)</c> read the server's facts from the system tables
    /// (<c>pg_database</c>, <c>pg_settings</c>) as uncorrelated scalar subqueries, so they need no session state
    /// in the runtime. <c>current_setting</c> gives the server default, not a value changed with SET, and NULL
    /// for an unknown name. Null when the call is not one of these or cannot be rewritten here.
    /// </summary>
    private BoundExpression? TryBindSessionFunction(FunctionCallExpression call, string name, ExpressionContext context) =>
        TryBindSessionFunction(name, call.Arguments, call.Span, context);

    private BoundExpression? TryBindSessionFunction(string name, ImmutableArray<Expression> arguments, TextSpan span, ExpressionContext context)
    {
        if (context.Subqueries is null)
        {
            return null;
        }

        string? text = name switch
        {
            "current_database" or "current_catalog" when arguments.IsEmpty && catalog.Find("pg_catalog.pg_database") is not null =>
                "SELECT datname FROM pg_catalog.pg_database",
            // The session's user, as the server authenticated it (session_authorization).
            "current_user" or "session_user" or "user" or "current_role" when arguments.IsEmpty && catalog.Find("pg_catalog.pg_settings") is not null =>
                "SELECT setting FROM pg_catalog.pg_settings WHERE name = 'session_authorization'",
            "current_setting" when arguments is [LiteralExpression { Kind: LiteralKind.String } setting] &&
                                   catalog.Find("pg_catalog.pg_settings") is not null =>
                $"SELECT setting FROM pg_catalog.pg_settings WHERE lower(name) = lower('{setting.Value.Replace("'", "''")}')",
            _ => null,
        };
        if (text is null || SqlParser.Parse(text).Statements is not [QueryStatement statement])
        {
            return null;
        }

        var bound = BindScalarSubquery(new SubqueryExpression(statement.Query, span), context);
        return bound.Type.Kind == TypeKind.Text ? bound : null;
    }
}
