using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Antlr4.Runtime;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using static StreamSql.Parser.Generated.StreamSqlParser;

namespace StreamSql.Parser.Building;

internal sealed partial class AstBuilder
{
    private ImmutableArray<Expression> ExprList(ExprListContext c) => [.. c.expr().Select(Expr)];

    private Expression Expr(ExprContext context)
    {
        Descend(context);
        try
        {
            return ExprCore(context);
        }
        finally
        {
            _depth--;
        }
    }

    private Expression ExprCore(ExprContext context)
    {
        var span = Span(context);
        switch (context)
        {
            case ValueOperandContext c:
                return Value(c.valueExpr());
            case BetweenExprContext c:
                return new BetweenExpression(Expr(c.expr()), Value(c.low), Value(c.high), c.NOT() is not null, c.SYMMETRIC() is not null, span);
            case InSubqueryExprContext c:
                return new InSubqueryExpression(Expr(c.expr()), Query(c.query()), c.NOT() is not null, span);
            case InListExprContext c:
                return new InListExpression(Expr(c.expr()), ExprList(c.exprList()), c.NOT() is not null, span);
            case LikeExprContext c:
                return new LikeExpression(Expr(c.expr()), Value(c.pattern), c.escape is { } e ? Value(e) : null, c.NOT() is not null, c.op.Type == ILIKE, span);
            case QuantifiedSubqueryExprContext c:
                return new QuantifiedComparisonExpression(Expr(c.expr()), ComparisonOperator(c.comparisonOperator()), Quantifier(c.quantifier),
                    new SubqueryExpression(Query(c.query()), Span(c.LPAREN().Symbol, c.RPAREN().Symbol)), span);
            case QuantifiedArrayExprContext c:
                return new QuantifiedComparisonExpression(Expr(c.expr(0)), ComparisonOperator(c.comparisonOperator()), Quantifier(c.quantifier), Expr(c.expr(1)), span);
            case ComparisonExprContext c:
                return new BinaryExpression(Expr(c.left), ComparisonOperator(c.comparisonOperator()), Expr(c.right), span);
            case IsExprContext c:
                var test = c.test.Type switch
                {
                    NULL_ => IsTest.Null,
                    TRUE => IsTest.True,
                    FALSE => IsTest.False,
                    _ => IsTest.Unknown,
                };
                return new IsExpression(Expr(c.expr()), test, c.NOT() is not null, span);
            case IsDistinctFromExprContext c:
                return new IsDistinctFromExpression(Expr(c.left), Expr(c.right), c.NOT() is not null, span);
            case NotExprContext c:
                return new UnaryExpression(UnaryOperator.Not, Expr(c.expr()), span);
            case AndExprContext c:
                return new BinaryExpression(Expr(c.left), BinaryOperator.And, Expr(c.right), span);
            case OrExprContext c:
                return new BinaryExpression(Expr(c.left), BinaryOperator.Or, Expr(c.right), span);
            default:
                throw Unexpected(context);
        }
    }

    private static Quantifier Quantifier(IToken token) => token.Type switch
    {
        ANY => Syntax.Quantifier.Any,
        SOME => Syntax.Quantifier.Some,
        _ => Syntax.Quantifier.All,
    };

    private static BinaryOperator ComparisonOperator(ComparisonOperatorContext c) => OperatorFromSymbol(c.GetText());

    private Expression Value(ValueExprContext context)
    {
        Descend(context);
        try
        {
            return ValueCore(context);
        }
        finally
        {
            _depth--;
        }
    }

    private Expression ValueCore(ValueExprContext context)
    {
        var span = Span(context);
        switch (context)
        {
            case PrimaryValueContext c:
                return Primary(c.primary());
            case CastValueContext c:
                return new CastExpression(Value(c.valueExpr()), TypeName(c.typeName()), CastSyntax.DoubleColon, span);
            case SubscriptValueContext c when c.slice is null:
                if (c.lower is null)
                    throw Error(DiagnosticCodes.SyntaxError, Span(c.RBRACKET().Symbol), "expected an index or a slice (lower:upper) inside [ ]");
                return new SubscriptExpression(Value(c.valueExpr()), Expr(c.lower), null, false, span);
            case SubscriptValueContext c:
                return new SubscriptExpression(Value(c.valueExpr()), c.lower is { } lo ? Expr(lo) : null, c.upper is { } hi ? Expr(hi) : null, true, span);
            case SignValueContext c:
                return new UnaryExpression(c.op.Type == MINUS ? UnaryOperator.Negate : UnaryOperator.Plus, Value(c.valueExpr()), span);
            case CollateValueContext c:
                return new CollateExpression(Value(c.valueExpr()), QualifiedName(c.qualifiedName()), span);
            case AtTimeZoneValueContext c:
                return new FunctionCallExpression(SyntheticName("timezone", Span(c.AT().Symbol, c.ZONE().Symbol)),
                    [Value(c.valueExpr(1)), Value(c.valueExpr(0))], false, false, [], null, null, span);
            case PowerValueContext c:
                return new BinaryExpression(Value(c.valueExpr(0)), BinaryOperator.Power, Value(c.valueExpr(1)), span);
            case MultiplyValueContext c:
                return new BinaryExpression(Value(c.valueExpr(0)), OperatorFromSymbol(c.op.Text), Value(c.valueExpr(1)), span);
            case AddValueContext c:
                return new BinaryExpression(Value(c.valueExpr(0)), OperatorFromSymbol(c.op.Text), Value(c.valueExpr(1)), span);
            case OtherOperatorValueContext c:
                var (op, schema) = OtherOperator(c.otherOperator());
                return new BinaryExpression(Value(c.valueExpr(0)), op, Value(c.valueExpr(1)), span, schema);
            case BitwiseNotValueContext c:
                return new UnaryExpression(UnaryOperator.BitwiseNot, Value(c.valueExpr()), span);
            default:
                throw Unexpected(context);
        }
    }

    private (BinaryOperator Operator, Identifier? Schema) OtherOperator(OtherOperatorContext c)
    {
        if (c.OPERATOR() is null)
            return (OperatorFromSymbol(c.GetText()), null);
        var schema = c.identifier() is { } s ? Identifier(s) : null;
        return (OperatorFromSymbol(c.operatorSymbol().GetText()), schema);
    }

    internal static BinaryOperator OperatorFromSymbol(string symbol) => symbol switch
    {
        "=" => BinaryOperator.Equal,
        "<>" or "!=" => BinaryOperator.NotEqual,
        "<" => BinaryOperator.Less,
        "<=" => BinaryOperator.LessOrEqual,
        ">" => BinaryOperator.Greater,
        ">=" => BinaryOperator.GreaterOrEqual,
        "+" => BinaryOperator.Add,
        "-" => BinaryOperator.Subtract,
        "*" => BinaryOperator.Multiply,
        "/" => BinaryOperator.Divide,
        "%" => BinaryOperator.Modulo,
        "^" => BinaryOperator.Power,
        "||" => BinaryOperator.Concat,
        "->" => BinaryOperator.JsonGet,
        "->>" => BinaryOperator.JsonGetText,
        "#>" => BinaryOperator.JsonPath,
        "#>>" => BinaryOperator.JsonPathText,
        "~" => BinaryOperator.RegexMatch,
        "!~" => BinaryOperator.RegexNotMatch,
        "~*" => BinaryOperator.RegexMatchInsensitive,
        "!~*" => BinaryOperator.RegexNotMatchInsensitive,
        "@>" => BinaryOperator.Contains,
        "<@" => BinaryOperator.ContainedBy,
        "&" => BinaryOperator.BitwiseAnd,
        "|" => BinaryOperator.BitwiseOr,
        "#" => BinaryOperator.BitwiseXor,
        "<<" => BinaryOperator.ShiftLeft,
        ">>" => BinaryOperator.ShiftRight,
        _ => throw new InvalidOperationException($"operator '{symbol}' is in the grammar but not in the builder"),
    };

    private Expression Primary(PrimaryContext context)
    {
        var span = Span(context);
        switch (context)
        {
            case LiteralPrimaryContext c:
                return Literal(c.literal());
            case ParameterPrimaryContext c:
                string text = c.PARAMETER().Symbol.Text;
                if (!int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                    throw Error(DiagnosticCodes.NumberOutOfRange, span, text, "parameter number");
                return new ParameterExpression(index, span);
            case IntervalPrimaryContext c:
                IntervalUnit? from = null, to = null;
                if (c.intervalQualifier() is { } q)
                {
                    from = IntervalUnit(q.from);
                    to = q.to is { } t ? IntervalUnit(t) : null;
                }
                return new IntervalLiteralExpression(Unquote(c.STRING().Symbol.Text), from, to, span);
            case TypedLiteralPrimaryContext c:
                return new TypedLiteralExpression(LiteralType(c.literalType()), Unquote(c.STRING().Symbol.Text), span);
            case CasePrimaryContext c:
                return new CaseExpression(
                    c.operand is { } operand ? Expr(operand) : null,
                    [.. c.whenClause().Select(w => new WhenClause(Expr(w.condition), Expr(w.result), Span(w)))],
                    c.elseResult is { } elseResult ? Expr(elseResult) : null,
                    span);
            case CastPrimaryContext c:
                return new CastExpression(Expr(c.expr()), TypeName(c.typeName()), CastSyntax.Cast, span);
            case ExistsPrimaryContext c:
                return new ExistsExpression(Query(c.query()), span);
            case ArraySubqueryPrimaryContext c:
                return new ArraySubqueryExpression(Query(c.query()), span);
            case ArrayPrimaryContext c:
                return ArrayBrackets(c.arrayBrackets(), span);
            case RowPrimaryContext c:
                return new RowExpression(c.exprList() is { } list ? ExprList(list) : [], true, span);
            case SpecialFunctionPrimaryContext c:
                return SpecialFunction(c.specialFunction());
            case FunctionPrimaryContext c:
                return FunctionCall(c.functionCall());
            case KeywordFunctionPrimaryContext c:
                return new KeywordFunctionExpression(c.GetText().ToLowerInvariant(), span);
            case ColumnPrimaryContext c:
                var parts = ImmutableArray.CreateBuilder<Identifier>();
                parts.Add(Identifier(c.identifier()));
                foreach (var part in c.anyIdentifier())
                    parts.Add(IdentifierToken(part.Start, Span(part)));
                return new ColumnReferenceExpression(parts.ToImmutable(), span);
            case SubqueryPrimaryContext c:
                return new SubqueryExpression(Query(c.query()), span);
            case ParenthesizedPrimaryContext c:
                // (a) is grouping; (a, b) is a row. Their spans include the parentheses only for rows.
                var inner = c.exprList() is { } rest
                    ? new RowExpression([Expr(c.expr()), .. ExprList(rest)], false, Span(c.LPAREN().Symbol, c.RPAREN().Symbol))
                    : Expr(c.expr());
                return c.anyIdentifier() is { } field
                    ? new FieldAccessExpression(inner, IdentifierToken(field.Start, Span(field)), span)
                    : inner;
            case DefaultPrimaryContext:
                return new DefaultExpression(span);
            default:
                throw Unexpected(context);
        }
    }

    private ArrayExpression ArrayBrackets(ArrayBracketsContext c, TextSpan span) =>
        new([.. c.arrayElement().Select(e => e.arrayBrackets() is { } nested ? ArrayBrackets(nested, Span(nested)) : Expr(e.expr()))], span);

    private static IntervalUnit IntervalUnit(IntervalUnitContext c) => c.Start.Type switch
    {
        YEAR => Syntax.IntervalUnit.Year,
        MONTH => Syntax.IntervalUnit.Month,
        DAY => Syntax.IntervalUnit.Day,
        HOUR => Syntax.IntervalUnit.Hour,
        MINUTE => Syntax.IntervalUnit.Minute,
        _ => Syntax.IntervalUnit.Second,
    };

    private Expression Literal(LiteralContext context)
    {
        var span = Span(context);
        string text = context.Start.Text;
        return context switch
        {
            IntegerLiteralContext => new LiteralExpression(LiteralKind.Integer, text, span),
            DecimalLiteralContext => new LiteralExpression(LiteralKind.Decimal, text, span),
            StringLiteralContext => new LiteralExpression(LiteralKind.String, Unquote(text), span),
            EscapeStringLiteralContext => new LiteralExpression(LiteralKind.String, DecodeEscapeString(text, span.Start), span),
            DollarStringLiteralContext => new LiteralExpression(LiteralKind.String, text[2..^2], span),
            TrueLiteralContext => new LiteralExpression(LiteralKind.Boolean, "true", span),
            FalseLiteralContext => new LiteralExpression(LiteralKind.Boolean, "false", span),
            NullLiteralContext => new LiteralExpression(LiteralKind.Null, "", span),
            _ => throw Unexpected(context),
        };
    }

    /// <summary>Decodes an <c>E'...'</c> literal (PostgreSQL escapes: \b \f \n \r \t, octal, \x, \u, \U; any other \c is c).</summary>
    private static string DecodeEscapeString(string text, int offset)
    {
        var body = text.AsSpan(2, text.Length - 3);
        var result = new StringBuilder(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == '\'')
            {
                result.Append('\'');
                i++; // the grammar only admits doubled quotes here
                continue;
            }
            if (c != '\\' || i + 1 >= body.Length)
            {
                result.Append(c);
                continue;
            }
            int start = i;
            char e = body[++i];
            switch (e)
            {
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case >= '0' and <= '7':
                    int octal = 0, digits = 0;
                    while (digits < 3 && i < body.Length && body[i] is >= '0' and <= '7')
                    {
                        octal = octal * 8 + (body[i] - '0');
                        i++;
                        digits++;
                    }
                    i--;
                    result.Append((char)octal);
                    break;
                case 'x':
                case 'u':
                case 'U':
                    int max = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    int count = 0, value = 0;
                    while (count < max && i + 1 < body.Length && Uri.IsHexDigit(body[i + 1]))
                    {
                        value = value * 16 + Convert.ToInt32(body[i + 1].ToString(), 16);
                        i++;
                        count++;
                    }
                    if (count == 0 || (e != 'x' && count != max) || value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
                    {
                        var escapeSpan = new TextSpan(offset + 2 + start, i - start + 1);
                        throw Error(DiagnosticCodes.InvalidEscape, escapeSpan, body.Slice(start, i - start + 1).ToString());
                    }
                    result.Append(char.ConvertFromUtf32(value));
                    break;
                default:
                    result.Append(e);
                    break;
            }
        }
        return result.ToString();
    }

    private Expression SpecialFunction(SpecialFunctionContext context)
    {
        var span = Span(context);
        QualifiedName Name(string name) => SyntheticName(name, Span(context.Start));
        FunctionCallExpression Call(string name, ImmutableArray<Expression> args) => new(Name(name), args, false, false, [], null, null, span);
        switch (context)
        {
            case ExtractFunctionContext c:
                var field = c.extractField();
                string fieldName = field.STRING() is { } s ? Unquote(s.Symbol.Text).ToLowerInvariant() : Identifier(field.identifier()).Name.ToLowerInvariant();
                return Call("extract", [new LiteralExpression(LiteralKind.String, fieldName, Span(field)), Expr(c.expr())]);
            case SubstringFunctionContext c:
                var source = Expr(c.expr(0));
                if (c.from is null)
                    return Call("substring", [source, new LiteralExpression(LiteralKind.Integer, "1", Span(c.FOR().Symbol)), Expr(c.length)]);
                return c.length is null
                    ? Call("substring", [source, Expr(c.from)])
                    : Call("substring", [source, Expr(c.from), Expr(c.length)]);
            case PositionFunctionContext c:
                return Call("position", [Value(c.needle), Value(c.haystack)]);
            case TrimSideFunctionContext c:
                string trimName = c.side.Type switch { LEADING => "ltrim", TRAILING => "rtrim", _ => "trim" };
                return Trim(trimName, c.expr().Single(e => e != c.chars), c.chars);
            case TrimFromFunctionContext c:
                return Trim("trim", c.expr().Single(e => e != c.chars), c.chars);
            default:
                throw Unexpected(context);
        }

        Expression Trim(string name, ExprContext text, ExprContext? chars) =>
            chars is null ? Call(name, [Expr(text)]) : Call(name, [Expr(text), Expr(chars)]);
    }

    private FunctionCallExpression FunctionCall(FunctionCallContext c)
    {
        var nameContext = c.functionName();
        var name = nameContext.qualifiedName() is { } q ? QualifiedName(q) : SyntheticName(nameContext.GetText().ToLowerInvariant(), Span(nameContext));
        bool distinct = false, star = false;
        ImmutableArray<Expression> args = [];
        ImmutableArray<OrderByItem> orderBy = [];
        switch (c.functionArguments())
        {
            case null:
                break;
            case StarArgumentsContext:
                star = true;
                break;
            case ExpressionArgumentsContext a:
                distinct = a.setQuantifier()?.DISTINCT() is not null;
                args = [.. a.functionArgument().Select(FunctionArgument)];
                orderBy = a.orderByClause() is { } o ? OrderBy(o) : [];
                break;
        }
        var filter = c.filterClause() is { } f ? Expr(f.expr()) : null;
        WindowSpecification? over = c.overClause() switch
        {
            null => null,
            NamedOverContext n => new WindowSpecification(Identifier(n.identifier()), [], [], null, Span(n)),
            InlineOverContext i => WindowSpecification(i.windowSpecification()) with { Span = Span(i) },
            var other => throw Unexpected(other),
        };
        return new FunctionCallExpression(name, args, distinct, star, orderBy, filter, over, Span(c));
    }

    private Expression FunctionArgument(FunctionArgumentContext context) => context switch
    {
        NamedArgumentContext n => new NamedArgumentExpression(Identifier(n.identifier()), Expr(n.expr()), Span(n)),
        PositionalArgumentContext p => Expr(p.expr()),
        _ => throw Unexpected(context),
    };

    private TypeName LiteralType(LiteralTypeContext c)
    {
        if (c.qualifiedName() is { } q)
            return new TypeName(QualifiedName(q), [], 0, Span(c));
        return new TypeName(SyntheticName(KeywordTypeName(c.Start.Type, c.WITH() is not null), Span(c)), [], 0, Span(c));
    }

    private static string KeywordTypeName(int firstToken, bool withTimeZone) => firstToken switch
    {
        TIMESTAMP => withTimeZone ? "timestamp with time zone" : "timestamp",
        TIME => withTimeZone ? "time with time zone" : "time",
        DOUBLE => "double precision",
        INTERVAL => "interval",
        _ => throw new InvalidOperationException($"token {firstToken} does not start a keyword type"),
    };

    private TypeName TypeName(TypeNameContext c)
    {
        var baseType = c.baseTypeName();
        QualifiedName name = baseType switch
        {
            NamedTypeContext n => QualifiedName(n.qualifiedName()),
            CharacterTypeContext ch => SyntheticName(ch.VARYING() is null ? "character" : "character varying", Span(ch)),
            TimestampTypeContext t => SyntheticName(KeywordTypeName(TIMESTAMP, t.WITH() is not null), Span(t)),
            TimeTypeContext t => SyntheticName(KeywordTypeName(TIME, t.WITH() is not null), Span(t)),
            DoublePrecisionTypeContext d => SyntheticName("double precision", Span(d)),
            IntervalTypeContext i => SyntheticName("interval", Span(i)),
            _ => throw Unexpected(baseType),
        };
        var modifiers = c.typeModifier().Select(m =>
            m.signedNumber() is { } n ? SignedNumber(n)
            : m.STRING() is { } s ? new LiteralExpression(LiteralKind.String, Unquote(s.Symbol.Text), Span(m))
            : (Expression)new ColumnReferenceExpression([Identifier(m.identifier())], Span(m))).ToImmutableArray();
        return new TypeName(name, modifiers, c.arrayBounds().Length, Span(c));
    }

    private static Expression SignedNumber(SignedNumberContext c)
    {
        var number = c.INTEGER_VALUE() ?? c.DECIMAL_VALUE();
        var literal = new LiteralExpression(number.Symbol.Type == INTEGER_VALUE ? LiteralKind.Integer : LiteralKind.Decimal, number.Symbol.Text, Span(number.Symbol));
        return c.MINUS() is not null ? new UnaryExpression(UnaryOperator.Negate, literal, Span(c))
            : c.PLUS() is not null ? new UnaryExpression(UnaryOperator.Plus, literal, Span(c))
            : literal;
    }
}
