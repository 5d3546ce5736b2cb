using System.Collections.Immutable;
using System.Globalization;
using StreamSql.Planner.Binding;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Logical;

/// <summary>Renders expressions, intervals and keys for EXPLAIN, in SQL-like text that is stable across runs.</summary>
public static class PlanText
{
    public static string Expression(BoundExpression expression, ImmutableArray<PlanColumn> input) => expression switch
    {
        BoundColumn c => c.Index < input.Length ? input[c.Index].Name : c.Name,
        BoundLiteral l => Literal(l.Value, l.Type),
        BoundParameter p => $"${p.Ordinal}",
        BoundCall call when IsOperator(call.Name) && call.Arguments.Length == 2 =>
            $"({Expression(call.Arguments[0], input)} {call.Name} {Expression(call.Arguments[1], input)})",
        BoundCall call when IsOperator(call.Name) && call.Arguments.Length == 1 =>
            $"({call.Name}{Expression(call.Arguments[0], input)})",
        BoundCall call => $"{call.Name}({string.Join(", ", call.Arguments.Select(a => Expression(a, input)))})",
        BoundCast cast => $"{Expression(cast.Operand, input)}::{cast.Type}",
        BoundBoolean { Operator: BoolOperator.Not } b => $"(NOT {Expression(b.Operands[0], input)})",
        BoundBoolean b => "(" + string.Join(b.Operator == BoolOperator.And ? " AND " : " OR ", b.Operands.Select(o => Expression(o, input))) + ")",
        BoundIsNull n => $"({Expression(n.Operand, input)} IS {(n.Negated ? "NOT " : "")}NULL)",
        BoundIsDistinctFrom d => $"({Expression(d.Left, input)} IS {(d.Negated ? "NOT " : "")}DISTINCT FROM {Expression(d.Right, input)})",
        BoundInList i => $"({Expression(i.Operand, input)} {(i.Negated ? "NOT " : "")}IN ({string.Join(", ", i.List.Select(e => Expression(e, input)))}))",
        BoundCase c => "CASE" + string.Concat(c.Whens.Select(w => $" WHEN {Expression(w.Condition, input)} THEN {Expression(w.Result, input)}"))
            + (c.Else is null ? "" : $" ELSE {Expression(c.Else, input)}") + " END",
        BoundCoalesce c => $"coalesce({string.Join(", ", c.Operands.Select(o => Expression(o, input)))})",
        BoundArray a => $"ARRAY[{string.Join(", ", a.Elements.Select(e => Expression(e, input)))}]",
        BoundSubscript s => $"{Expression(s.Array, input)}[{Expression(s.Index, input)}]",
        _ => expression.GetType().Name,
    };

    public static string Named(BoundExpression expression, string name, ImmutableArray<PlanColumn> input)
    {
        var text = Expression(expression, input);
        return text == name ? text : $"{text} AS {name}";
    }

    public static string Aggregate(AggregateCall call, string name, ImmutableArray<PlanColumn> input)
    {
        var args = call.Arguments.IsEmpty && call.Name == "count" ? "*" : string.Join(", ", call.Arguments.Select(a => Expression(a, input)));
        var text = $"{call.Name}({(call.Distinct ? "DISTINCT " : "")}{args})";
        if (call.Filter is not null)
        {
            text += $" FILTER (WHERE {Expression(call.Filter, input)})";
        }

        return $"{text} AS {name}";
    }

    public static string SortKeys(ImmutableArray<SortKey> keys, ImmutableArray<PlanColumn> input) =>
        string.Join(", ", keys.Select(k => input[k.Column].Name + (k.Descending ? " desc" : "")
            + (k.NullsFirst != k.Descending ? (k.NullsFirst ? " nulls first" : " nulls last") : "")));

    public static string Literal(object? value, DataType type) => value switch
    {
        null => "NULL",
        string s when type.Kind == TypeKind.Text => $"'{s.Replace("'", "''")}'",
        bool b => b ? "true" : "false",
        Interval i => $"INTERVAL '{Interval(i)}'",
        IFormattable f when type.Kind is TypeKind.Timestamp or TypeKind.TimestampTz && value is long micros => $"'{Timestamp(micros)}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        object?[] array => $"'{ValueFormatter.Format(array, type)?.Replace("'", "''")}'",
        _ => $"'{value}'",
    } + (type.Kind is TypeKind.Timestamp or TypeKind.TimestampTz or TypeKind.Date or TypeKind.Jsonb or TypeKind.Array ? $"::{type}" : "");

    /// <summary>An interval the way PostgreSQL prints it by default (<c>1 day 02:00:00</c>, <c>00:05:00</c>).</summary>
    public static string Interval(Interval value)
    {
        var parts = new List<string>();
        if (value.Months != 0)
        {
            var years = value.Months / 12;
            var months = value.Months % 12;
            if (years != 0)
            {
                parts.Add($"{years} year{(Math.Abs(years) == 1 ? "" : "s")}");
            }

            if (months != 0)
            {
                parts.Add($"{months} mon{(Math.Abs(months) == 1 ? "" : "s")}");
            }
        }

        if (value.Days != 0)
        {
            parts.Add($"{value.Days} day{(Math.Abs(value.Days) == 1 ? "" : "s")}");
        }

        if (value.Micros != 0 || parts.Count == 0)
        {
            var micros = value.Micros;
            var sign = micros < 0 ? "-" : "";
            micros = Math.Abs(micros);
            var time = $"{sign}{micros / Runtime.Types.Interval.MicrosPerHour:00}:{micros / Runtime.Types.Interval.MicrosPerMinute % 60:00}:{micros / Runtime.Types.Interval.MicrosPerSecond % 60:00}";
            if (micros % Runtime.Types.Interval.MicrosPerSecond != 0)
            {
                time += "." + (micros % Runtime.Types.Interval.MicrosPerSecond).ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0');
            }

            parts.Add(time);
        }

        return string.Join(" ", parts);
    }

    /// <summary><c>+ INTERVAL '...'</c> or <c>- INTERVAL '...'</c>.</summary>
    public static string SignedInterval(Interval value) =>
        value.NormalizedMicros < 0
            ? $"- INTERVAL '{Interval(new Interval(-value.Months, -value.Days, -value.Micros))}'"
            : $"+ INTERVAL '{Interval(value)}'";

    public static string Timestamp(long micros)
    {
        var time = DateTime.UnixEpoch.AddTicks(micros * 10);
        return time.ToString(micros % 1_000_000 == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }

    private static bool IsOperator(string name) => name.Length > 0 && !char.IsLetter(name[0]);
}
