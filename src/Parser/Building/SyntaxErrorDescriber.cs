using System.Collections.Frozen;
using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using StreamSql.Parser.Diagnostics;
using P = StreamSql.Parser.Generated.StreamSqlParser;

namespace StreamSql.Parser.Building;

/// <summary>
/// Says in words what the parser expected where it failed: "expected an expression after WHERE",
/// "expected ')' to close '(' at 1:8", "unexpected end of input: expected a table name after FROM",
/// "unknown statement 'SELEKT': ...". It reads the set of tokens the grammar allowed and the rules
/// being parsed; ANTLR's token lists never reach the user.
/// </summary>
internal sealed class SyntaxErrorDescriber(SourceText source, bool endsAtEndOfText)
{
    private const int MaxListedTokens = 6;

    // Rules that only spell a name: the rule that called them says what the name is for.
    private static readonly FrozenSet<int> NameRules = new[]
    {
        P.RULE_identifier, P.RULE_anyIdentifier, P.RULE_bareIdentifier, P.RULE_nonReservedKeyword,
        P.RULE_bareAliasKeyword, P.RULE_reservedKeyword, P.RULE_qualifiedName,
    }.ToFrozenSet();

    public Diagnostic Describe(P parser, RecognitionException exception)
    {
        var stream = (ITokenStream)parser.InputStream;
        var offending = exception.OffendingToken ?? parser.CurrentToken;
        var expected = SafeExpectedTokens(parser, exception);
        var rules = RuleChain(exception.Context as RuleContext ?? parser.Context);
        var previous = offending.TokenIndex > 0 ? stream.Get(offending.TokenIndex - 1) : null;
        bool atEnd = offending.Type == TokenConstants.EOF;

        if (previous is null && !atEnd && rules.Count > 0 && (rules[0] is P.RULE_statement or P.RULE_singleStatement))
            return Diagnostic.Create(DiagnosticCodes.UnknownStatement, TokenSpan(offending), offending.Text);

        // A prediction that read ahead before failing reports the tokens allowed where it started,
        // not where it failed; then only what the surrounding tokens show is said.
        bool setIsReliable = exception is not NoViableAltException noViable || noViable.StartToken.TokenIndex >= offending.TokenIndex;
        string? what = setIsReliable
            ? DescribeExpectation(expected, rules, stream, offending, out bool isClosing)
            : DescribeFromContext(previous, stream, offending, out isClosing);
        string after = previous is null || isClosing ? "" : $" after {Show(previous)}";
        string message;
        if (atEnd)
        {
            message = $"unexpected end of {(endsAtEndOfText ? "input" : "statement")}";
            if (what is not null)
                message += $": expected {what}{after}";
            else if (previous is not null)
                message += $" after {Show(previous)}";
        }
        else
        {
            message = what is not null
                ? $"expected {what}{after}, found {Show(offending)}"
                : $"unexpected {Show(offending)}{after}";
        }
        var span = atEnd
            ? new TextSpan(previous is null ? offending.StartIndex : previous.StopIndex + 1, 0)
            : TokenSpan(offending);
        return Diagnostic.Create(DiagnosticCodes.SyntaxError, span, message);
    }

    private string? DescribeExpectation(IntervalSet expected, List<int> rules, ITokenStream stream, IToken offending, out bool isClosing)
    {
        isClosing = false;
        int rule = rules.FirstOrDefault(r => !NameRules.Contains(r), -1);
        bool expectsExpression = expected.Contains(P.INTEGER_VALUE) && expected.Contains(P.STRING) && expected.Contains(P.IDENTIFIER);
        if (expectsExpression)
            return rules.Contains(P.RULE_option) || rule is P.RULE_setValue or P.RULE_typeModifier ? "a value" : "an expression";

        foreach (var (close, open) in new[] { (P.RPAREN, P.LPAREN), (P.RBRACKET, P.LBRACKET) })
        {
            if (expected.Contains(close) && UnclosedBefore(stream, offending, open, close) is { } opener)
            {
                isClosing = true;
                var at = source.GetLinePosition(opener.StartIndex);
                return close == P.RPAREN
                    ? $"')' to close '(' at {at.Line}:{at.Column}"
                    : $"']' to close '[' at {at.Line}:{at.Column}";
            }
        }

        if (expected.Contains(P.IDENTIFIER))
        {
            return rule switch
            {
                P.RULE_tablePrimary or P.RULE_tableReference or P.RULE_fromClause => "a table name",
                P.RULE_insertStatement or P.RULE_updateStatement or P.RULE_deleteStatement or P.RULE_copyStatement or P.RULE_copySource => "a table name",
                P.RULE_subscribeStatement or P.RULE_subscribeTarget => "a table or view name, or a (query)",
                P.RULE_createSourceStatement => "a name for the source",
                P.RULE_createTableStatement => "a name for the table",
                P.RULE_createMaterializedViewStatement => "a name for the materialized view",
                P.RULE_createViewStatement => "a name for the view",
                P.RULE_createSinkStatement => "a name for the sink",
                P.RULE_sinkInput => "a table or view name",
                P.RULE_columnList or P.RULE_tableElement or P.RULE_tableElements or P.RULE_assignment => "a column name",
                P.RULE_typeName or P.RULE_baseTypeName or P.RULE_literalType => "a type name",
                P.RULE_tableAlias => "an alias",
                P.RULE_optionKey or P.RULE_optionList => "an option name",
                P.RULE_functionCall or P.RULE_functionName => "a function name",
                _ => ListTokens(expected) ?? "a name",
            };
        }
        return ListTokens(expected);
    }

    private string? DescribeFromContext(IToken? previous, ITokenStream stream, IToken offending, out bool isClosing)
    {
        isClosing = false;
        if (previous is not null && ExpressionIntroducers.Contains(previous.Type))
            return "an expression";
        if (previous is not null && previous.Type == P.CREATE)
            return "SOURCE, TABLE, MATERIALIZED VIEW, VIEW or SINK";
        if (offending.Type is not (P.RPAREN or P.RBRACKET) && InnermostUnclosed(stream, offending) is { } opener)
        {
            isClosing = true;
            var at = source.GetLinePosition(opener.StartIndex);
            return opener.Type == P.LPAREN
                ? $"')' to close '(' at {at.Line}:{at.Column}"
                : $"']' to close '[' at {at.Line}:{at.Column}";
        }
        return null;
    }

    // Tokens after which only an expression can follow.
    private static readonly FrozenSet<int> ExpressionIntroducers = new[]
    {
        P.EQ, P.NEQ, P.NEQ2, P.LT, P.LTE, P.GT, P.GTE, P.PLUS, P.MINUS, P.STAR, P.SLASH, P.PERCENT, P.CARET,
        P.CONCAT, P.ARROW, P.ARROW2, P.HASH_ARROW, P.HASH_ARROW2, P.TILDE, P.NOT_TILDE, P.TILDE_STAR, P.NOT_TILDE_STAR,
        P.CONTAINS, P.CONTAINED_BY, P.AMPERSAND, P.PIPE, P.HASH, P.SHIFT_LEFT, P.SHIFT_RIGHT,
        P.WHERE, P.AND, P.OR, P.NOT, P.WHEN, P.THEN, P.ELSE, P.HAVING, P.BETWEEN, P.LIKE, P.ILIKE, P.ON, P.SELECT,
        P.LIMIT, P.OFFSET, P.CASE, P.LPAREN,
    }.ToFrozenSet();

    private static IToken? InnermostUnclosed(ITokenStream stream, IToken offending)
    {
        var openers = new Stack<IToken>();
        for (int i = 0; i < offending.TokenIndex; i++)
        {
            var token = stream.Get(i);
            if (token.Type is P.LPAREN or P.LBRACKET)
                openers.Push(token);
            else if (token.Type is P.RPAREN or P.RBRACKET && openers.Count > 0)
                openers.Pop();
        }
        return openers.Count > 0 ? openers.Peek() : null;
    }

    private static IToken? UnclosedBefore(ITokenStream stream, IToken offending, int open, int close)
    {
        var openers = new Stack<IToken>();
        for (int i = 0; i < offending.TokenIndex; i++)
        {
            var token = stream.Get(i);
            if (token.Type == open)
                openers.Push(token);
            else if (token.Type == close && openers.Count > 0)
                openers.Pop();
        }
        return openers.Count > 0 ? openers.Peek() : null;
    }

    private static string? ListTokens(IntervalSet expected)
    {
        var names = expected.ToList()
            .Where(t => t != TokenConstants.EOF && t > 0)
            .Select(TokenName)
            .Where(n => n is not null)
            .Distinct()
            .ToList();
        if (names.Count == 0 || names.Count > MaxListedTokens)
            return null;
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }

    private static string? TokenName(int type)
    {
        string? literal = P.DefaultVocabulary.GetLiteralName(type);
        if (literal is not null)
        {
            string text = literal[1..^1];
            return char.IsLetter(text[0]) ? text : $"'{text}'";
        }
        return type switch
        {
            P.IDENTIFIER or P.QUOTED_IDENTIFIER => "a name",
            P.INTEGER_VALUE => "a whole number",
            P.DECIMAL_VALUE => "a number",
            P.STRING or P.ESCAPE_STRING or P.DOLLAR_STRING => "a string",
            P.PARAMETER => "a parameter",
            _ => null,
        };
    }

    internal static string Show(IToken token)
    {
        if (token.Type == TokenConstants.EOF)
            return "end of input";
        string text = token.Text;
        if (text.Length > 40)
            text = text[..37] + "...";
        string? literal = P.DefaultVocabulary.GetLiteralName(token.Type);
        if (literal is not null && char.IsLetter(literal[1]))
            return text.ToUpperInvariant();
        return token.Type is P.STRING or P.ESCAPE_STRING ? text : $"'{text}'";
    }

    private static TextSpan TokenSpan(IToken token) =>
        new(token.StartIndex, Math.Max(0, token.StopIndex - token.StartIndex + 1));

    private static IntervalSet SafeExpectedTokens(P parser, RecognitionException exception)
    {
        try
        {
            return exception.GetExpectedTokens() ?? parser.GetExpectedTokens();
        }
        catch (ArgumentException)
        {
            return new IntervalSet();
        }
    }

    private static List<int> RuleChain(RuleContext? context)
    {
        var chain = new List<int>();
        for (var c = context; c is not null; c = c.Parent)
            chain.Add(c.RuleIndex);
        return chain;
    }
}
