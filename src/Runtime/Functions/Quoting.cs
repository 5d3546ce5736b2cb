namespace StreamSql.Runtime.Functions;

/// <summary>PostgreSQL's <c>quote_ident</c> and <c>quote_literal</c>, also used where catalog functions print definitions.</summary>
public static class Quoting
{
    /// <summary>
    /// PostgreSQL's keywords that are not unreserved: <c>quote_ident</c> quotes them even when
    /// they are spelled as plain lower-case identifiers.
    /// </summary>
    private static readonly HashSet<string> QuotedKeywords = new(StringComparer.Ordinal)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between", "bigint",
        "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce", "collate", "collation",
        "column", "concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
        "current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable",
        "desc", "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign",
        "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner",
        "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "json_array", "json_arrayagg",
        "json_object", "json_objectagg", "lateral", "leading", "least", "left", "like", "limit", "localtime",
        "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
        "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position", "precision",
        "primary", "real", "references", "returning", "right", "row", "select", "session_user", "setof", "similar",
        "smallint", "some", "substring", "symmetric", "system_user", "table", "tablesample", "then", "time", "timestamp",
        "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic",
        "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
        "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
    };

    /// <summary><c>quote_ident</c>: the name as is when it is a lower-case identifier and no keyword, else double-quoted with quotes doubled.</summary>
    public static string QuoteIdent(string name)
    {
        var plain = name.Length > 0 && (name[0] is >= 'a' and <= 'z' or '_') && !QuotedKeywords.Contains(name);
        for (var i = 1; plain && i < name.Length; i++)
            plain = name[i] is >= 'a' and <= 'z' or >= '0' and <= '9' or '_';
        return plain ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary><c>quote_literal</c>: single-quoted with quotes doubled; a backslash makes it an <c>E'...'</c> string with backslashes doubled.</summary>
    public static string QuoteLiteral(string value)
    {
        var quoted = value.Replace("'", "''", StringComparison.Ordinal);
        return value.Contains('\\') ? "E'" + quoted.Replace("\\", "\\\\", StringComparison.Ordinal) + "'" : "'" + quoted + "'";
    }
}
