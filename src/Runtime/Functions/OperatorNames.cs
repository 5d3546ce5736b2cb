namespace StreamSql.Runtime.Functions;

/// <summary>
/// The names under which operators are registered in <see cref="FunctionRegistry"/>: the
/// operator's PostgreSQL spelling, so the binder and the expression compiler look them up the
/// same way. Prefix operators use the same name with one parameter (<c>-</c> with one argument
/// is negation). Rewrites the binder does before lookup, as PostgreSQL's grammar does:
/// <list type="bullet">
/// <item><c>a LIKE b</c> → <c>~~(a, b)</c>, <c>NOT LIKE</c> → <c>!~~</c>, <c>ILIKE</c> → <c>~~*</c>, <c>NOT ILIKE</c> → <c>!~~*</c>;
/// <c>a LIKE b ESCAPE e</c> → <c>~~(a, like_escape(b, e))</c>.</item>
/// <item><c>POSITION(a IN b)</c> → <c>position(a, b)</c>: the substring first, in the order of the SQL text
/// (PostgreSQL's catalog function takes them the other way round, like <c>strpos(b, a)</c>, but
/// cannot be called by that name).</item>
/// <item><c>SUBSTRING(a FROM b FOR c)</c> → <c>substring(a, b, c)</c>; <c>TRIM(BOTH x FROM a)</c> → <c>btrim(a, x)</c>, LEADING → <c>ltrim</c>, TRAILING → <c>rtrim</c>.</item>
/// <item><c>EXTRACT(field FROM x)</c> → <c>extract('field', x)</c>.</item>
/// <item><c>ARRAY[a, b]</c> → <c>array(a, b)</c> (variadic); <c>a[i]</c> → <c>[](a, i)</c>.</item>
/// <item><c>text || x</c> with x neither text nor an array: <c>||(text, x::text)</c> (PostgreSQL's textanycat casts).</item>
/// <item><c>a &lt;&gt; b</c> and <c>a != b</c> are both <c>&lt;&gt;</c>.</item>
/// </list>
/// AND, OR, NOT, IS [NOT] NULL, IS [NOT] DISTINCT FROM, CASE, IN and BETWEEN are special forms
/// of the expression compiler, not registry entries; coalesce, nullif, greatest and least are
/// registered so that their evaluators and result types live here.
/// </summary>
public static class OperatorNames
{
    public const string Add = "+";
    public const string Subtract = "-";
    public const string Multiply = "*";
    public const string Divide = "/";
    public const string Modulo = "%";
    public const string Power = "^";
    public const string Negate = "-";
    public const string UnaryPlus = "+";

    public const string Equal = "=";
    public const string NotEqual = "<>";
    public const string Less = "<";
    public const string LessOrEqual = "<=";
    public const string Greater = ">";
    public const string GreaterOrEqual = ">=";

    public const string Concat = "||";
    public const string Like = "~~";
    public const string NotLike = "!~~";
    public const string ILike = "~~*";
    public const string NotILike = "!~~*";
    public const string RegexMatch = "~";
    public const string NotRegexMatch = "!~";
    public const string RegexMatchInsensitive = "~*";
    public const string NotRegexMatchInsensitive = "!~*";

    public const string JsonField = "->";
    public const string JsonFieldText = "->>";
    public const string JsonPath = "#>";
    public const string JsonPathText = "#>>";

    /// <summary><c>ARRAY[...]</c>: variadic, non-strict (NULL elements are kept).</summary>
    public const string ArrayConstructor = "array";

    /// <summary><c>a[i]</c>: 1-based, NULL when out of range.</summary>
    public const string Subscript = "[]";
}
