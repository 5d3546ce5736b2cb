using System.Collections.Immutable;
using System.Globalization;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    private BoundExpression Bind(Expression expression, ExpressionContext context) => expression switch
    {
        LiteralExpression literal => BindLiteral(literal),
        TypedLiteralExpression typed => Convert(new BoundLiteral(typed.Value, DataType.Unknown), ResolveType(typed.Type), CastContext.Explicit, typed.Span),
        IntervalLiteralExpression interval => new BoundLiteral(ParseInterval(interval), DataType.Interval),
        ColumnReferenceExpression column => BindColumn(column, context),
        // A DEFAULT or CHECK is bound again by later statements, whose parameters are not its own.
        ParameterExpression parameter when context.Constraint is not null => throw Error(DiagnosticCodes.UndefinedParameter, parameter.Span, parameter.Index),
        ParameterExpression parameter => BindParameter(parameter),
        UnaryExpression unary => BindUnary(unary, context),
        BinaryExpression binary => BindBinary(binary, context),
        IsExpression test => BindIs(test, context),
        IsDistinctFromExpression distinct => BindIsDistinct(distinct, context),
        BetweenExpression between => BindBetween(between, context),
        LikeExpression like => BindLike(like, context),
        InListExpression inList => BindInList(inList, context),
        FunctionCallExpression call => BindCall(call, context),
        KeywordFunctionExpression keyword => BindKeywordFunction(keyword, context),
        CaseExpression @case => BindCase(@case, context),
        CastExpression cast when IsObjectIdentifierType(cast.Type) => BindObjectIdentifierCast(cast, context),
        CastExpression cast => Convert(Bind(cast.Operand, context), ResolveType(cast.Type), CastContext.Explicit, cast.Span),
        ArrayExpression array => BindArray(array, context),
        SubscriptExpression subscript when !subscript.IsSlice && subscript.Index is not null => BindSubscript(subscript, context),
        SubqueryExpression subquery when context.Subqueries is not null => BindScalarSubquery(subquery, context),
        CollateExpression collate => Bind(collate.Operand, context),
        QuantifiedComparisonExpression quantified => BindQuantifiedArray(quantified, context),
        InSubqueryExpression or ExistsExpression or ArraySubqueryExpression when context.Subqueries is not null => BindSetSubquery(expression, context),
        InSubqueryExpression or ExistsExpression or SubqueryExpression or ArraySubqueryExpression when context.Constraint is not null =>
            throw Error(DiagnosticCodes.SubqueryNotAllowed, expression.Span, context.Constraint),
        InSubqueryExpression or ExistsExpression or SubqueryExpression or ArraySubqueryExpression =>
            throw Error(DiagnosticCodes.FeatureNotSupported, expression.Span, "a subquery in an expression"),
        DefaultExpression => throw Error(DiagnosticCodes.SyntaxError, expression.Span, "DEFAULT is not allowed in this context"),
        _ => throw Error(DiagnosticCodes.FeatureNotSupported, expression.Span, "this expression"),
    };

    /// <summary>Binds and resolves any remaining unknown type (a bare string literal or NULL) to text, as PostgreSQL does in a select list.</summary>
    private BoundExpression BindResolved(Expression expression, ExpressionContext context)
    {
        var bound = Bind(expression, context);
        return bound.Type.Kind == TypeKind.Unknown ? Convert(bound, DataType.Text, CastContext.Implicit, expression.Span) : bound;
    }

    /// <summary>Binds a condition (WHERE, HAVING, ON, CASE WHEN): it must be boolean.</summary>
    private BoundExpression BindCondition(Expression expression, ExpressionContext context)
    {
        var bound = Bind(expression, context);
        if (bound.Type.Kind is TypeKind.Boolean)
        {
            return bound;
        }

        if (bound.Type.Kind is TypeKind.Unknown)
        {
            return Convert(bound, DataType.Boolean, CastContext.Implicit, expression.Span);
        }

        throw Error(DiagnosticCodes.DatatypeMismatch, expression.Span, $"argument of {context.Clause} must be type boolean, not type {bound.Type}");
    }

    private static BoundExpression BindLiteral(LiteralExpression literal)
    {
        switch (literal.Kind)
        {
            case LiteralKind.Null:
                return BoundLiteral.Null(DataType.Unknown);
            case LiteralKind.Boolean:
                return new BoundLiteral(string.Equals(literal.Value, "true", StringComparison.OrdinalIgnoreCase), DataType.Boolean);
            case LiteralKind.Integer:
                if (int.TryParse(literal.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i32))
                {
                    return new BoundLiteral(i32, DataType.Int32);
                }

                if (long.TryParse(literal.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i64))
                {
                    return new BoundLiteral(i64, DataType.Int64);
                }

                return NumericLiteral(literal);
            case LiteralKind.Decimal:
                return NumericLiteral(literal);
            default:
                return new BoundLiteral(literal.Value, DataType.Unknown);
        }
    }

    /// <summary>
    /// A numeric literal. NUMERIC here holds 28 significant digits (a .NET decimal); a literal beyond
    /// them (<c>1e308</c>, <c>0.000...001</c> with 30 zeros) is a DOUBLE PRECISION instead of an
    /// error or a silent zero, and one beyond a double is 22003.
    /// </summary>
    private static BoundLiteral NumericLiteral(LiteralExpression literal)
    {
        bool fitsDecimal = decimal.TryParse(literal.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
        bool fitsDouble = double.TryParse(literal.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var approximate) && double.IsFinite(approximate);
        if (fitsDecimal && (number != 0 || approximate == 0 || !fitsDouble))
            return new BoundLiteral(number, DataType.Numeric);
        if (fitsDouble)
            return new BoundLiteral(approximate, DataType.Float64);
        throw Error(DiagnosticCodes.NumberOutOfRange, literal.Span, literal.Value, "numeric literal");
    }

    private Interval ParseInterval(IntervalLiteralExpression literal)
    {
        if (IntervalText.TryParse(literal.Value, literal.Unit, out var value))
        {
            return value;
        }

        throw Error(DiagnosticCodes.DatatypeMismatch, literal.Span, $"invalid input syntax for type interval: \"{literal.Value}\"") ;
    }

    private BoundExpression BindColumn(ColumnReferenceExpression reference, ExpressionContext context)
    {
        var name = reference.Column.Name;
        var qualifier = reference.Parts.Length > 1 ? reference.Parts[^2].Name : null;
        var scope = context.Scope;
        if (context.Constraint is not null && scope.Count == 0)
        {
            throw Error(DiagnosticCodes.ColumnReferenceNotAllowed, reference.Span, context.Constraint);
        }

        if (qualifier is not null && !scope.HasRelation(qualifier))
        {
            throw Error(DiagnosticCodes.UndefinedTable, reference.Parts[^2].Span, "relation", qualifier)
                .WithHint($"missing FROM-clause entry for \"{qualifier}\"");
        }

        var index = scope.Find(qualifier, name, out var ambiguous);
        if (ambiguous is not null)
        {
            throw Error(DiagnosticCodes.AmbiguousColumn, reference.Span, name, ambiguous);
        }

        if (index < 0)
        {
            var candidates = scope.Names.Distinct().ToList();
            var suggestion = Suggest(name, candidates);
            throw Error(DiagnosticCodes.UndefinedColumn, reference.Span, qualifier is null ? name : $"{qualifier}.{name}")
                .WithHint(suggestion is not null ? $"did you mean \"{suggestion}\"?"
                    : candidates.Count > 0 ? "available columns: " + string.Join(", ", candidates) : null);
        }

        if (scope.Columns[index].Outer is { } outer)
        {
            NoteOuterUse(outer);
        }

        return new BoundColumn(index, name, scope.Columns[index].Type);
    }

    private BoundExpression BindParameter(ParameterExpression parameter)
    {
        if (parameter.Index < 1 || parameter.Index > 65535)
        {
            throw Error(DiagnosticCodes.UndefinedParameter, parameter.Span, parameter.Index);
        }

        var given = parameter.Index <= options.Parameters.Length ? options.Parameters[parameter.Index - 1] : null;
        if (given is not null)
        {
            parameterTypes[parameter.Index] = given;
        }

        maxParameter = Math.Max(maxParameter, parameter.Index);
        return new BoundParameter(parameter.Index, parameterTypes.GetValueOrDefault(parameter.Index) ?? DataType.Unknown);
    }

    private BoundExpression BindUnary(UnaryExpression unary, ExpressionContext context)
    {
        var operand = Bind(unary.Operand, context);
        switch (unary.Operator)
        {
            case UnaryOperator.Not:
                return new BoundBoolean(BoolOperator.Not, [ToBoolean(operand, unary.Operand.Span, "NOT")]);
            case UnaryOperator.Plus:
                return operand;
            case UnaryOperator.Negate when operand is BoundLiteral { Value: int i } && i != int.MinValue:
                return new BoundLiteral(-i, DataType.Int32);
            case UnaryOperator.Negate when operand is BoundLiteral { Value: long l } && l != long.MinValue:
                return new BoundLiteral(-l, DataType.Int64);
            case UnaryOperator.Negate when operand is BoundLiteral { Value: decimal d }:
                return new BoundLiteral(-d, DataType.Numeric);
            case UnaryOperator.Negate when operand is BoundLiteral { Value: Interval v }:
                return new BoundLiteral(new Interval(-v.Months, -v.Days, -v.Micros), DataType.Interval);
            case UnaryOperator.Negate:
                return ResolveCall("-", [operand], [unary.Operand.Span], unary.Span, isOperator: true);
            default:
                return ResolveCall("~", [operand], [unary.Operand.Span], unary.Span, isOperator: true);
        }
    }

    private BoundExpression ToBoolean(BoundExpression operand, TextSpan span, string what)
    {
        if (operand.Type.Kind == TypeKind.Boolean)
        {
            return operand;
        }

        if (operand.Type.Kind == TypeKind.Unknown)
        {
            return Convert(operand, DataType.Boolean, CastContext.Implicit, span);
        }

        throw Error(DiagnosticCodes.DatatypeMismatch, span, $"argument of {what} must be type boolean, not type {operand.Type}");
    }

    private BoundExpression BindBinary(BinaryExpression binary, ExpressionContext context)
    {
        if (binary.Operator is BinaryOperator.And or BinaryOperator.Or)
        {
            var op = binary.Operator == BinaryOperator.And ? BoolOperator.And : BoolOperator.Or;
            var left = ToBoolean(Bind(binary.Left, context), binary.Left.Span, op.ToString().ToUpperInvariant());
            var right = ToBoolean(Bind(binary.Right, context), binary.Right.Span, op.ToString().ToUpperInvariant());
            var operands = ImmutableArray.CreateBuilder<BoundExpression>();
            foreach (var side in new[] { left, right })
            {
                if (side is BoundBoolean nested && nested.Operator == op)
                {
                    operands.AddRange(nested.Operands);
                }
                else
                {
                    operands.Add(side);
                }
            }

            return new BoundBoolean(op, operands.ToImmutable());
        }

        var l = Bind(binary.Left, context);
        var r = Bind(binary.Right, context);
        var name = OperatorName(binary.Operator);
        if (binary.Operator == BinaryOperator.Concat)
        {
            // text || anything casts the other side to text, as PostgreSQL's textanycat does; an
            // unknown literal beside a non-array value is text too (anynonarray || text, as PostgreSQL resolves it).
            if (l.Type.Kind == TypeKind.Unknown && r.Type.Kind is not (TypeKind.Text or TypeKind.Array or TypeKind.Unknown))
            {
                l = Convert(l, DataType.Text, CastContext.Implicit, binary.Left.Span);
            }
            else if (r.Type.Kind == TypeKind.Unknown && l.Type.Kind is not (TypeKind.Text or TypeKind.Array or TypeKind.Unknown))
            {
                r = Convert(r, DataType.Text, CastContext.Implicit, binary.Right.Span);
            }

            if (l.Type.Kind == TypeKind.Text && r.Type.Kind is not (TypeKind.Text or TypeKind.Array or TypeKind.Unknown))
            {
                r = ConstantFolder.FoldCast(new BoundCast(r, DataType.Text));
            }
            else if (r.Type.Kind == TypeKind.Text && l.Type.Kind is not (TypeKind.Text or TypeKind.Array or TypeKind.Unknown))
            {
                l = ConstantFolder.FoldCast(new BoundCast(l, DataType.Text));
            }
        }

        if (binary.Operator is BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual
            or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual
            && (l.Type.Character == CharacterKind.Padded || r.Type.Character == CharacterKind.Padded))
        {
            // char(n) compares without trailing spaces (PostgreSQL's bpchar operators): the char side becomes
            // text without its padding, and a constant beside it loses its trailing spaces too.
            static BoundExpression Unpadded(BoundExpression e) =>
                e is BoundLiteral { Value: string text } && e.Type.Kind == TypeKind.Unknown ? new BoundLiteral(CharacterLength.ToText(text), DataType.Text) : e;
            (l, r) = (Unpadded(l), Unpadded(r));
        }

        if (binary.Operator == BinaryOperator.NotEqual)
        {
            return ResolveCall("<>", [l, r], [binary.Left.Span, binary.Right.Span], binary.Span, isOperator: true);
        }

        return ResolveCall(name, [l, r], [binary.Left.Span, binary.Right.Span], binary.Span, isOperator: true);
    }

    private static string OperatorName(BinaryOperator op) => BinaryOperatorText.Of(op);

    private BoundExpression BindIs(IsExpression test, ExpressionContext context)
    {
        var operand = Bind(test.Operand, context);
        if (test.Test == IsTest.Null)
        {
            if (operand.Type.Kind == TypeKind.Unknown)
            {
                operand = Convert(operand, DataType.Text, CastContext.Implicit, test.Operand.Span);
            }

            return new BoundIsNull(operand, test.Negated);
        }

        operand = ToBoolean(operand, test.Operand.Span, "IS " + test.Test.ToString().ToUpperInvariant());
        if (test.Test == IsTest.Unknown)
        {
            return new BoundIsNull(operand, test.Negated);
        }

        // x IS TRUE is x IS NOT DISTINCT FROM true: never NULL.
        return new BoundIsDistinctFrom(operand, new BoundLiteral(test.Test == IsTest.True, DataType.Boolean), Negated: !test.Negated);
    }

    private BoundExpression BindIsDistinct(IsDistinctFromExpression distinct, ExpressionContext context)
    {
        var (left, right) = UnifyPair(Bind(distinct.Left, context), Bind(distinct.Right, context), distinct.Left.Span, distinct.Right.Span, "IS DISTINCT FROM");
        return new BoundIsDistinctFrom(left, right, distinct.Negated);
    }

    private BoundExpression BindBetween(BetweenExpression between, ExpressionContext context)
    {
        var operand = Bind(between.Operand, context);
        var low = Bind(between.Low, context);
        var high = Bind(between.High, context);
        var lower = ResolveCall(">=", [operand, low], [between.Operand.Span, between.Low.Span], between.Span, isOperator: true);
        var upper = ResolveCall("<=", [operand, high], [between.Operand.Span, between.High.Span], between.Span, isOperator: true);
        BoundExpression result = new BoundBoolean(BoolOperator.And, [lower, upper]);
        if (between.Symmetric)
        {
            var lower2 = ResolveCall(">=", [operand, high], [between.Operand.Span, between.High.Span], between.Span, isOperator: true);
            var upper2 = ResolveCall("<=", [operand, low], [between.Operand.Span, between.Low.Span], between.Span, isOperator: true);
            result = new BoundBoolean(BoolOperator.Or, [result, new BoundBoolean(BoolOperator.And, [lower2, upper2])]);
        }

        return between.Negated ? new BoundBoolean(BoolOperator.Not, [result]) : result;
    }

    private BoundExpression BindLike(LikeExpression like, ExpressionContext context)
    {
        var operand = Bind(like.Operand, context);
        var pattern = Bind(like.Pattern, context);
        if (like.Escape is not null)
        {
            pattern = ResolveCall("like_escape", [pattern, Bind(like.Escape, context)], [like.Pattern.Span, like.Escape.Span], like.Span, isOperator: false);
        }

        var name = (like.Negated, like.CaseInsensitive) switch
        {
            (false, false) => OperatorNames.Like,
            (true, false) => OperatorNames.NotLike,
            (false, true) => OperatorNames.ILike,
            _ => OperatorNames.NotILike,
        };
        return ResolveCall(name, [operand, pattern], [like.Operand.Span, like.Pattern.Span], like.Span, isOperator: true);
    }

    private BoundExpression BindInList(InListExpression inList, ExpressionContext context)
    {
        var operand = Bind(inList.Operand, context);
        var items = inList.Items.Select(i => Bind(i, context)).ToList();
        var common = CastRules.CommonType(new[] { operand.Type }.Concat(items.Select(i => i.Type)))
            ?? throw Error(DiagnosticCodes.DatatypeMismatch, inList.Span,
                $"IN types {string.Join(" and ", new[] { operand.Type }.Concat(items.Select(i => i.Type)).Distinct())} cannot be matched");
        operand = Convert(operand, common, CastContext.Implicit, inList.Operand.Span);
        var list = items.Select((item, i) => Convert(item, common, CastContext.Implicit, inList.Items[i].Span)).ToImmutableArray();
        var equals = ResolveOverload("=", [common, common], inList.Span, isOperator: true);
        return new BoundInList(operand, list, equals.Function, inList.Negated);
    }

    private BoundExpression BindCase(CaseExpression @case, ExpressionContext context)
    {
        var operand = @case.Operand is null ? null : Bind(@case.Operand, context);
        var conditions = new List<BoundExpression>();
        foreach (var when in @case.WhenClauses)
        {
            if (operand is null)
            {
                conditions.Add(BindCondition(when.Condition, context with { Clause = "CASE/WHEN" }));
            }
            else
            {
                conditions.Add(ResolveCall("=", [operand, Bind(when.Condition, context)], [@case.Operand!.Span, when.Condition.Span], when.Span, isOperator: true));
            }
        }

        var results = @case.WhenClauses.Select(w => Bind(w.Result, context)).ToList();
        var otherwise = @case.Else is null ? null : Bind(@case.Else, context);
        var types = results.Select(r => r.Type).Concat(otherwise is null ? [] : [otherwise.Type]);
        var type = CastRules.CommonType(types)
            ?? throw Error(DiagnosticCodes.DatatypeMismatch, @case.Span, $"CASE types {string.Join(" and ", types.Distinct())} cannot be matched");
        var whens = conditions.Select((c, i) => new BoundWhen(c, Convert(results[i], type, CastContext.Implicit, @case.WhenClauses[i].Result.Span))).ToImmutableArray();
        return new BoundCase(whens, otherwise is null ? null : Convert(otherwise, type, CastContext.Implicit, @case.Else!.Span), type);
    }

    private BoundExpression BindArray(ArrayExpression array, ExpressionContext context)
    {
        var elements = array.Elements.Select(e => Bind(e, context)).ToList();
        var element = elements.Count == 0 ? DataType.Text : CastRules.CommonType(elements.Select(e => e.Type))
            ?? throw Error(DiagnosticCodes.DatatypeMismatch, array.Span, $"ARRAY types {string.Join(" and ", elements.Select(e => e.Type).Distinct())} cannot be matched");
        return new BoundArray(elements.Select((e, i) => Convert(e, element, CastContext.Implicit, array.Elements[i].Span)).ToImmutableArray(), DataType.ArrayOf(element));
    }

    private BoundExpression BindSubscript(SubscriptExpression subscript, ExpressionContext context)
    {
        var operand = Bind(subscript.Operand, context);
        if (operand.Type.Kind != TypeKind.Array)
        {
            throw Error(DiagnosticCodes.DatatypeMismatch, subscript.Operand.Span, $"cannot subscript type {operand.Type} because it is not an array");
        }

        var index = Convert(Bind(subscript.Index!, context), DataType.Int32, CastContext.Implicit, subscript.Index!.Span);
        return new BoundSubscript(operand, index, operand.Type.Element ?? DataType.Unknown);
    }

    private BoundExpression BindKeywordFunction(KeywordFunctionExpression keyword, ExpressionContext context)
    {
        if (keyword.Name.ToLowerInvariant() is "current_user" or "session_user" or "user" &&
            TryBindSessionFunction(keyword.Name.ToLowerInvariant(), [], keyword.Span, context) is { } user)
        {
            return user;
        }

        var name = keyword.Name.ToLowerInvariant() switch
        {
            "current_timestamp" or "localtimestamp" => "now",
            var other => other,
        };
        var call = ResolveCall(name, [], [], keyword.Span, isOperator: false);
        return keyword.Name.Equals("localtimestamp", StringComparison.OrdinalIgnoreCase)
            ? Convert(call, DataType.Timestamp, CastContext.Explicit, keyword.Span)
            : call;
    }

    /// <summary>Brings two operands to one type (for IS DISTINCT FROM, comparisons of unknowns).</summary>
    private (BoundExpression Left, BoundExpression Right) UnifyPair(BoundExpression left, BoundExpression right, TextSpan leftSpan, TextSpan rightSpan, string what)
    {
        var common = CastRules.CommonType(left.Type, right.Type)
            ?? throw Error(DiagnosticCodes.DatatypeMismatch, TextSpan.FromBounds(leftSpan.Start, rightSpan.End),
                $"{what} types {left.Type} and {right.Type} cannot be matched");
        return (Convert(left, common, CastContext.Implicit, leftSpan), Convert(right, common, CastContext.Implicit, rightSpan));
    }

    /// <summary>
    /// Converts <paramref name="expression"/> to <paramref name="target"/> where <paramref name="context"/> allows:
    /// unknown literals and parameters take the target type; otherwise pg_cast decides (42804 for an
    /// implicit or assignment conversion that does not exist, 42846 for a missing explicit cast).
    /// </summary>
    private BoundExpression Convert(BoundExpression expression, DataType target, CastContext context, TextSpan span)
    {
        if (expression.Type == target)
        {
            return expression;
        }

        if (expression is BoundParameter parameter && parameter.Type.Kind == TypeKind.Unknown)
        {
            parameterTypes[parameter.Ordinal] = target;
            return parameter with { Type = target };
        }

        if (expression is BoundLiteral { Value: null } && expression.Type.Kind == TypeKind.Unknown)
        {
            return BoundLiteral.Null(target);
        }

        if (target.MaxLength >= 0 && expression.Type.Kind is TypeKind.Text or TypeKind.Unknown)
        {
            return ConvertToCharacterType(expression, target, context);
        }

        if (expression is BoundLiteral { Value: string text } && expression.Type.Kind == TypeKind.Unknown)
        {
            return target.Kind == TypeKind.Text ? new BoundLiteral(text, DataType.Text) : ConstantFolder.FoldCast(new BoundCast(new BoundLiteral(text, DataType.Text), target));
        }

        if (expression.Type.Character == CharacterKind.Padded && target.Kind == TypeKind.Text)
        {
            // char(n) to text or varchar: the value without its padding.
            return ConstantFolder.FoldCast(new BoundCast(expression, target));
        }

        if (expression.Type.Kind == target.Kind && target.Kind != TypeKind.Array && target.Kind != TypeKind.Numeric)
        {
            return expression;
        }

        if (expression.Type.Kind == TypeKind.Numeric && target.Kind == TypeKind.Numeric && target.Precision < 0)
        {
            return expression;
        }

        if (CastRules.CanCast(expression.Type, target, context))
        {
            return ConstantFolder.FoldCast(new BoundCast(expression, target));
        }

        if (CastRules.Find(expression.Type, target) is null || context == CastContext.Explicit)
        {
            throw Error(DiagnosticCodes.CannotCast, span, expression.Type, target);
        }

        throw Error(DiagnosticCodes.DatatypeMismatch, span,
            $"expected type {target}, but the expression is of type {expression.Type}")
            .WithHint($"add an explicit cast: CAST(... AS {target}) or ...::{target}");
    }

    /// <summary>Maps a written type name (with modifiers and array brackets) to a runtime type; 42704 when unknown.</summary>
    private DataType ResolveType(TypeName type)
    {
        var name = type.Name.Name.Name;
        var resolved = TypeNames.Resolve(name) ?? throw Error(DiagnosticCodes.UndefinedObject, type.Span, "type", type.Name.ToString());
        if (resolved.Kind == TypeKind.Numeric && type.Modifiers.Length > 0)
        {
            var precision = Modifier(type, 0);
            var scale = type.Modifiers.Length > 1 ? Modifier(type, 1) : 0;
            resolved = DataType.NumericOf(precision, scale);
        }
        else if (CharacterTypeOf(type) is { } character)
        {
            resolved = character;
        }

        for (var i = 0; i < type.ArrayDimensions; i++)
        {
            resolved = DataType.ArrayOf(resolved);
        }

        return resolved;
    }

    /// <summary>
    /// A string converted to <c>varchar(n)</c> or <c>char(n)</c> as PostgreSQL's length coercion does in
    /// <paramref name="context"/> (<see cref="CharacterLength"/>): constants are converted now where that
    /// cannot fail; a value that may be too long for its column is checked when the statement runs
    /// (22001), as in PostgreSQL, where it is also an error only then.
    /// </summary>
    private static BoundExpression ConvertToCharacterType(BoundExpression expression, DataType target, CastContext context)
    {
        var operand = expression.Type.Kind == TypeKind.Unknown
            ? expression is BoundLiteral literal ? new BoundLiteral(literal.Value, DataType.Text) : expression
            : expression;
        if (context == CastContext.Explicit || (context == CastContext.Implicit && operand is BoundLiteral))
        {
            return context == CastContext.Explicit
                ? ConstantFolder.FoldCast(new BoundCast(operand, target))
                : new BoundLiteral(operand is BoundLiteral { Value: string text } ? CharacterLength.Apply(text, target, context) : null, target);
        }

        var padded = operand.Type.Character == CharacterKind.Padded;
        var coercion = new ScalarFunction(
            new FunctionSignature(target.Character == CharacterKind.Varying ? "varchar" : "bpchar", [DataType.Text], target),
            (a, _) => CharacterLength.Apply(padded ? CharacterLength.ToText((string)a[0]!) : (string)a[0]!, target, context));
        return new BoundCall(coercion, [operand], target);
    }

    /// <summary>
    /// <c>varchar(n)</c> / <c>character varying(n)</c> and <c>char(n)</c> / <c>character(n)</c> / <c>bpchar(n)</c>
    /// (<c>char</c> alone is <c>char(1)</c>, as in PostgreSQL); null for other types and for unbounded
    /// bpchar, which is text. The quoted <c>"char"</c> is PostgreSQL's one-byte type, not this.
    /// </summary>
    private DataType? CharacterTypeOf(TypeName type)
    {
        if (type.Name.Name.IsQuoted)
        {
            return null;
        }

        var varying = type.Name.Name.Name is "varchar" or "character varying";
        var padded = type.Name.Name.Name is "char" or "character" or "bpchar";
        if (!varying && !padded)
        {
            return null;
        }

        if (type.Modifiers.IsEmpty)
        {
            // Unbounded varchar is text with varchar's name and OID; unbounded bpchar stays text.
            return varying ? DataType.VarcharOf(-1) : type.Name.Name.Name != "bpchar" ? DataType.CharOf(1) : null;
        }

        var length = Modifier(type, 0);
        if (length < 1)
        {
            throw Error(DiagnosticCodes.InvalidParameterValue, type.Span, $"length for type {(varying ? "varchar" : "char")} must be at least 1");
        }

        if (length > 10485760)
        {
            throw Error(DiagnosticCodes.InvalidParameterValue, type.Span, $"length for type {(varying ? "varchar" : "char")} cannot exceed 10485760");
        }

        return varying ? DataType.VarcharOf(length) : DataType.CharOf(length);
    }

    private int Modifier(TypeName type, int index) =>
        type.Modifiers[index] is LiteralExpression { Kind: LiteralKind.Integer } literal && int.TryParse(literal.Value, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(DiagnosticCodes.DatatypeMismatch, type.Modifiers[index].Span, "type modifiers must be simple constants or identifiers");

    private static string? Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // The distance is at least the difference in length: most candidates need no computing.
            if (Math.Abs(candidate.Length - name.Length) > Math.Max(2, name.Length / 3))
            {
                continue;
            }

            var distance = Levenshtein(name, candidate);
            if (distance < bestDistance && distance < name.Length && distance <= Math.Max(2, name.Length / 3))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
