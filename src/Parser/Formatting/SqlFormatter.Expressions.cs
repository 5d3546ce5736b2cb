using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using StreamSql.Parser.Syntax;

namespace StreamSql.Parser.Formatting;

public sealed partial class SqlFormatter
{
    private void Expr(Expression expression)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (expression)
        {
            case LiteralExpression l:
                W(l.Kind switch
                {
                    LiteralKind.Null => "NULL",
                    LiteralKind.Boolean => l.Value == "true" ? "TRUE" : "FALSE",
                    LiteralKind.String => Quote(l.Value),
                    _ => l.Value,
                });
                break;
            case TypedLiteralExpression t:
                Type(t.Type); W(" "); W(Quote(t.Value));
                break;
            case IntervalLiteralExpression i:
                W("INTERVAL "); W(Quote(i.Value));
                if (i.Unit is { } unit) { W(" "); W(unit.ToString().ToUpperInvariant()); }
                if (i.ToUnit is { } to) { W(" TO "); W(to.ToString().ToUpperInvariant()); }
                break;
            case ColumnReferenceExpression c:
                for (int i = 0; i < c.Parts.Length; i++)
                {
                    if (i > 0) W(".");
                    Name(c.Parts[i]);
                }
                break;
            case ParameterExpression p:
                W("$" + p.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case UnaryExpression u:
                W(u.Operator switch { UnaryOperator.Negate => "-", UnaryOperator.Plus => "+", UnaryOperator.Not => "NOT ", _ => "~" });
                Operand(u.Operand);
                break;
            case BinaryExpression b:
                Operand(b.Left);
                W(" ");
                if (b.OperatorSchema is not null) { W("OPERATOR("); Name(b.OperatorSchema); W("."); W(Symbol(b.Operator)); W(")"); }
                else W(Symbol(b.Operator));
                W(" ");
                Operand(b.Right);
                break;
            case IsExpression i:
                Operand(i.Operand);
                W(i.Negated ? " IS NOT " : " IS ");
                W(i.Test.ToString().ToUpperInvariant());
                break;
            case IsDistinctFromExpression d:
                Operand(d.Left); W(d.Negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM "); Operand(d.Right);
                break;
            case BetweenExpression b:
                Operand(b.Operand); W(b.Negated ? " NOT BETWEEN " : " BETWEEN ");
                if (b.Symmetric) W("SYMMETRIC ");
                Operand(b.Low); W(" AND "); Operand(b.High);
                break;
            case LikeExpression l:
                Operand(l.Operand);
                W(l.Negated ? " NOT" : ""); W(l.CaseInsensitive ? " ILIKE " : " LIKE ");
                Operand(l.Pattern);
                if (l.Escape is not null) { W(" ESCAPE "); Operand(l.Escape); }
                break;
            case InListExpression i:
                Operand(i.Operand); W(i.Negated ? " NOT IN (" : " IN ("); List(i.Items, Expr); W(")");
                break;
            case InSubqueryExpression i:
                Operand(i.Operand); W(i.Negated ? " NOT IN (" : " IN ("); Query(i.Query); W(")");
                break;
            case ExistsExpression e:
                W("EXISTS ("); Query(e.Query); W(")");
                break;
            case SubqueryExpression s:
                W("("); Query(s.Query); W(")");
                break;
            case ArraySubqueryExpression a:
                W("ARRAY("); Query(a.Query); W(")");
                break;
            case QuantifiedComparisonExpression q:
                Operand(q.Left); W(" "); W(Symbol(q.Operator)); W(" "); W(q.Quantifier.ToString().ToUpperInvariant());
                if (q.Right is SubqueryExpression sub) { W(" ("); Query(sub.Query); W(")"); }
                else { W(" ("); Expr(q.Right); W(")"); }
                break;
            case FunctionCallExpression f:
                Function(f);
                break;
            case NamedArgumentExpression n:
                Name(n.Name); W(" => "); Expr(n.Value);
                break;
            case KeywordFunctionExpression k:
                W(k.Name.ToUpperInvariant());
                break;
            case CaseExpression c:
                W("CASE");
                if (c.Operand is not null) { W(" "); Expr(c.Operand); }
                foreach (var when in c.WhenClauses) { W(" WHEN "); Expr(when.Condition); W(" THEN "); Expr(when.Result); }
                if (c.Else is not null) { W(" ELSE "); Expr(c.Else); }
                W(" END");
                break;
            case CastExpression c when c.Syntax == CastSyntax.Cast:
                W("CAST("); Expr(c.Operand); W(" AS "); Type(c.Type); W(")");
                break;
            case CastExpression c:
                Operand(c.Operand); W("::"); Type(c.Type);
                break;
            case ArrayExpression a:
                W("ARRAY"); ArrayElements(a);
                break;
            case SubscriptExpression s:
                Operand(s.Operand); W("[");
                if (s.Index is not null) Expr(s.Index);
                if (s.IsSlice) { W(":"); if (s.UpperBound is not null) Expr(s.UpperBound); }
                W("]");
                break;
            case FieldAccessExpression f:
                W("("); Expr(f.Operand); W(")."); Name(f.Field);
                break;
            case CollateExpression c:
                Operand(c.Operand); W(" COLLATE "); Name(c.Collation);
                break;
            case RowExpression r:
                W(r.ExplicitRow ? "ROW(" : "("); List(r.Elements, Expr); W(")");
                break;
            case DefaultExpression:
                W("DEFAULT");
                break;
            default:
                throw new ArgumentException($"no SQL form for {expression.GetType().Name}", nameof(expression));
        }
    }

    private void ArrayElements(ArrayExpression array)
    {
        W("[");
        List(array.Elements, e =>
        {
            if (e is ArrayExpression nested) ArrayElements(nested);
            else Expr(e);
        });
        W("]");
    }

    private void Function(FunctionCallExpression f)
    {
        Name(f.Name);
        W("(");
        if (f.IsStar) W("*");
        if (f.Distinct) W("DISTINCT ");
        List(f.Arguments, Expr);
        if (!f.OrderBy.IsEmpty) { W(" ORDER BY "); List(f.OrderBy, OrderItem); }
        W(")");
        if (f.Filter is not null) { W(" FILTER (WHERE "); Expr(f.Filter); W(")"); }
        if (f.Over is { } over)
        {
            if (over.BaseWindow is not null && over.PartitionBy.IsEmpty && over.OrderBy.IsEmpty && over.Frame is null)
            {
                W(" OVER "); Name(over.BaseWindow);
            }
            else
            {
                W(" OVER ("); Window(over); W(")");
            }
        }
    }

    /// <summary>Writes an operand, parenthesized unless it is atomic (so precedence never changes the tree).</summary>
    private void Operand(Expression expression)
    {
        bool atomic = expression is LiteralExpression or TypedLiteralExpression or IntervalLiteralExpression
            or ColumnReferenceExpression or ParameterExpression or FunctionCallExpression or KeywordFunctionExpression
            or CaseExpression or ArrayExpression or SubqueryExpression or ExistsExpression or ArraySubqueryExpression
            or RowExpression or DefaultExpression or FieldAccessExpression or SubscriptExpression
            or CastExpression { Syntax: CastSyntax.Cast };
        if (atomic)
        {
            Expr(expression);
        }
        else
        {
            W("("); Expr(expression); W(")");
        }
    }

    private void Type(TypeName type)
    {
        var parts = type.Name.Parts;
        if (parts.Length == 1 && !parts[0].IsQuoted && KeywordTypes.Contains(parts[0].Name))
            W(parts[0].Name.ToUpperInvariant());
        else
            Name(type.Name);
        if (!type.Modifiers.IsEmpty) { W("("); List(type.Modifiers, Expr); W(")"); }
        for (int i = 0; i < type.ArrayDimensions; i++)
            W("[]");
    }

    // Types spelled with keywords: the parser gives them these one-line names.
    private static readonly FrozenSet<string> KeywordTypes = new[]
    {
        "double precision", "timestamp with time zone", "timestamp", "time with time zone", "time",
        "character varying", "character", "interval",
    }.ToFrozenSet();

    private static string Symbol(BinaryOperator op) => BinaryOperatorText.Of(op);
}
