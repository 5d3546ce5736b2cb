using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// <c>x op ANY (array)</c> and <c>x op ALL (array)</c> with PostgreSQL's three-valued result: ANY is true
    /// when some element compares true, else NULL when x or some element is NULL, else false (an empty array
    /// gives false); ALL is the dual. The element comparison is the operator resolved for the element type.
    /// </summary>
    private BoundExpression BindQuantifiedArray(QuantifiedComparisonExpression quantified, ExpressionContext context)
    {
        if (quantified.Right is SubqueryExpression sub && context.Subqueries is not null)
        {
            // x op ANY/ALL (subquery) compares with the array of its rows (empty: ANY false, ALL true).
            quantified = quantified with { Right = new ArraySubqueryExpression(sub.Query, sub.Span) };
        }
        else if (quantified.Right is SubqueryExpression)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, quantified.Span, "a subquery in an expression");
        }

        var left = Bind(quantified.Left, context);
        var right = Bind(quantified.Right, context);
        if (right.Type.Kind == TypeKind.Unknown)
        {
            var elementType = left.Type.Kind == TypeKind.Unknown ? DataType.Text : left.Type;
            right = Convert(right, DataType.ArrayOf(elementType), CastContext.Implicit, quantified.Right.Span);
        }

        if (right.Type.Kind != TypeKind.Array)
        {
            throw Error(DiagnosticCodes.DatatypeMismatch, quantified.Right.Span, $"op ANY/ALL (array) requires array on right side, not type {right.Type}");
        }

        // Compare in the common type of the operand and the elements (int = ANY (smallint[]) compares integers).
        var element = right.Type.Element!;
        if (left.Type.Kind != TypeKind.Unknown && left.Type != element && CastRules.CommonType(left.Type, element) is { } common && common != element)
        {
            element = common;
            right = Convert(right, DataType.ArrayOf(common), CastContext.Implicit, quantified.Right.Span);
        }

        left = Convert(left, element, CastContext.Implicit, quantified.Left.Span);
        var name = OperatorName(quantified.Operator);
        var (compare, _, result) = ResolveOverload(name, [element, element], quantified.Span, isOperator: true);
        if (result.Kind != TypeKind.Boolean)
        {
            throw Error(DiagnosticCodes.DatatypeMismatch, quantified.Span, $"op ANY/ALL (array) requires operator to yield boolean, not {name}");
        }

        var all = quantified.Quantifier == Quantifier.All;
        var function = new ScalarFunction(
            new FunctionSignature(all ? name + " all" : name + " any", [element, right.Type], DataType.Boolean),
            (args, functionContext) => Quantify(compare, args[0], (object?[]?)args[1], all, functionContext),
            Strict: false);
        return new BoundCall(function, [left, right], DataType.Boolean);
    }

    private static object? Quantify(ScalarFunction compare, object? value, object?[]? array, bool all, FunctionContext context)
    {
        if (array is null)
        {
            return null;
        }

        var sawNull = false;
        foreach (var item in array)
        {
            var outcome = value is null || item is null ? null : compare.Invoke([value, item], context);
            if (outcome is null)
            {
                sawNull = true;
            }
            else if ((bool)outcome != all)
            {
                return !all;
            }
        }

        return sawNull ? null : all;
    }
}
