using System.Text;
using StreamSql.Parser.Formatting;
using StreamSql.Parser.Syntax;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>
/// A DEFAULT or CHECK expression as PostgreSQL's <c>pg_get_expr</c> / <c>pg_get_constraintdef</c> print it,
/// for psql's <c>\d</c> and the catalog tables. PostgreSQL prints its stored tree; this prints the
/// written one the same way for what such expressions usually hold (columns, constants, operators,
/// AND/OR/NOT, IS NULL, function calls, casts): a string constant carries the type it is converted to
/// (<c>'x'::text</c>), a negative number is quoted (<c>'-5'::integer</c>), plain output puts every
/// operator in parentheses and pretty output only where precedence needs them. Anything else is
/// printed as the statement formatter prints it.
/// </summary>
internal static class ExpressionText
{
    /// <param name="target">The type a top-level string constant is converted to (a DEFAULT's column type), if any.</param>
    public static string Of(Expression expression, Scope scope, DataType? target, bool pretty)
    {
        var builder = new StringBuilder();
        new Printer(builder, scope, pretty).Top(expression, target);
        return builder.ToString();
    }

    private sealed class Printer(StringBuilder text, Scope scope, bool pretty)
    {
        public void Top(Expression expression, DataType? target)
        {
            if (pretty || !IsOperator(expression))
            {
                Print(expression, target);
                return;
            }

            Parenthesized(expression, target);
        }

        private static bool IsOperator(Expression expression) =>
            expression is BinaryExpression or UnaryExpression { Operator: UnaryOperator.Not } or IsExpression;

        private void Parenthesized(Expression expression, DataType? target)
        {
            text.Append('(');
            Print(expression, target);
            text.Append(')');
        }

        /// <summary>An operand of an operator: in parentheses unless pretty output may leave them out (PostgreSQL's rules).</summary>
        private void Operand(Expression operand, Expression parent, bool isLeft, DataType? target)
        {
            if (!IsOperator(operand) || (pretty && CanOmitParentheses(operand, parent, isLeft)))
            {
                Print(operand, target);
            }
            else
            {
                Parenthesized(operand, target);
            }
        }

        private static bool CanOmitParentheses(Expression operand, Expression parent, bool isLeft)
        {
            bool IsBoolean(Expression e) => e is BinaryExpression { Operator: BinaryOperator.And or BinaryOperator.Or } or UnaryExpression { Operator: UnaryOperator.Not };
            if (IsBoolean(parent))
            {
                // Under AND/OR/NOT: comparisons and tests need none; AND and NOT none under AND or OR; OR none under OR.
                return !IsBoolean(operand)
                    || (parent is BinaryExpression { Operator: var p } && (operand is not BinaryExpression { Operator: BinaryOperator.Or } || p == BinaryOperator.Or));
            }

            if (parent is BinaryExpression { Operator: var parentOp } && operand is BinaryExpression { Operator: var op })
            {
                var high = op is BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo;
                var low = op is BinaryOperator.Add or BinaryOperator.Subtract;
                var parentHigh = parentOp is BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo;
                var parentLow = parentOp is BinaryOperator.Add or BinaryOperator.Subtract;
                if (!(high || low) || !(parentHigh || parentLow))
                {
                    return false;
                }

                return (high && parentLow) || (!(low && parentHigh) && isLeft);
            }

            return false;
        }

        private void Print(Expression expression, DataType? target)
        {
            switch (expression)
            {
                case LiteralExpression literal:
                    Literal(literal, target);
                    break;
                case UnaryExpression { Operator: UnaryOperator.Negate, Operand: LiteralExpression { Kind: LiteralKind.Integer or LiteralKind.Decimal } number }:
                    // The constant keeps its own type (a conversion to the column's is not printed).
                    text.Append(Quoting.QuoteLiteral("-" + number.Value)).Append("::")
                        .Append(number.Kind == LiteralKind.Decimal ? "numeric" : int.TryParse("-" + number.Value, out _) ? "integer" : "bigint");
                    break;
                case ColumnReferenceExpression column:
                    text.Append(Quoting.QuoteIdent(column.Column.Name));
                    break;
                case BinaryExpression binary:
                    {
                        var operandType = TypeOf(binary.Left) ?? TypeOf(binary.Right);
                        Operand(binary.Left, binary, isLeft: true, operandType);
                        text.Append(' ').Append(BinaryOperatorText.Of(binary.Operator)).Append(' ');
                        Operand(binary.Right, binary, isLeft: false, operandType);
                        break;
                    }

                case UnaryExpression { Operator: UnaryOperator.Not } not:
                    text.Append("NOT ");
                    Operand(not.Operand, not, isLeft: false, null);
                    break;
                case IsExpression { Test: IsTest.Null } test:
                    Operand(test.Operand, test, isLeft: true, null);
                    text.Append(test.Negated ? " IS NOT NULL" : " IS NULL");
                    break;
                case FunctionCallExpression { Distinct: false, IsStar: false, OrderBy.IsEmpty: true, Filter: null, Over: null } call:
                    text.Append(call.Name.ToString().ToLowerInvariant()).Append('(');
                    for (var i = 0; i < call.Arguments.Length; i++)
                    {
                        text.Append(i == 0 ? "" : ", ");
                        Print(call.Arguments[i], null);
                    }

                    text.Append(')');
                    break;
                case KeywordFunctionExpression keyword:
                    text.Append(keyword.Name.ToUpperInvariant());
                    break;
                case CastExpression { Operand: LiteralExpression { Kind: LiteralKind.String } value } cast:
                    text.Append(Quoting.QuoteLiteral(value.Value)).Append("::").Append(TypeText(cast.Type));
                    break;
                default:
                    text.Append(SqlFormatter.Format(expression));
                    break;
            }
        }

        private void Literal(LiteralExpression literal, DataType? target)
        {
            switch (literal.Kind)
            {
                // PostgreSQL reads the constant as the type and prints an integer or boolean constant bare.
                case LiteralKind.String when target is { Kind: TypeKind.Int32 } && int.TryParse(literal.Value.Trim(), out var number) && number >= 0:
                    text.Append(number);
                    break;
                case LiteralKind.String when target is { Kind: TypeKind.Boolean } && literal.Value.Trim().ToLowerInvariant() is "true" or "false":
                    text.Append(literal.Value.Trim().ToLowerInvariant());
                    break;
                case LiteralKind.String when target is { } type && type.Kind != TypeKind.Unknown:
                    // PostgreSQL stores the constant with the base type and prints that (varchar(5): character varying).
                    text.Append(Quoting.QuoteLiteral(literal.Value)).Append("::").Append(ConstantTypeName(type));
                    break;
                case LiteralKind.String:
                    text.Append(Quoting.QuoteLiteral(literal.Value));
                    break;
                case LiteralKind.Null:
                    text.Append("NULL");
                    break;
                case LiteralKind.Boolean:
                    text.Append(literal.Value.ToLowerInvariant());
                    break;
                default:
                    text.Append(literal.Value);
                    break;
            }
        }

        /// <summary>The type of a column operand, which a string constant beside it is converted to.</summary>
        private DataType? TypeOf(Expression operand)
        {
            if (operand is ColumnReferenceExpression column && scope.Find(null, column.Column.Name, out _) is var index and >= 0)
            {
                return scope.Columns[index].Type;
            }

            return null;
        }

        private static string ConstantTypeName(DataType type) => type.Character switch
        {
            CharacterKind.Varying => "character varying",
            CharacterKind.Padded => "bpchar",
            _ => type.ToString(),
        };

        private static string TypeText(TypeName type) =>
            TypeNames.Resolve(type.Name.Name.Name) is { } resolved && type.Modifiers.IsEmpty && type.ArrayDimensions == 0
                ? resolved.ToString()
                : SqlFormatter.Format(type).ToLowerInvariant();
    }
}
