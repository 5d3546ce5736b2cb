using System.Text.RegularExpressions;

namespace StreamSql.Tests.Shared;

/// <summary>
/// Mutations of SQL statements for the robustness tests (the planner's and the engine's): words
/// dropped, swapped, repeated or replaced by edge values, and number and string literals replaced by
/// values at the edges of their types' ranges, or not of their type.
/// </summary>
internal static partial class StatementMutations
{
    private static readonly string[] EdgeValues =
    [
        "0", "-1", "NULL", "''", "2147483648", "-9223372036854775808", "1e308", "'x'", "'2024-01-01'", "0.0",
        "ARRAY[1]", "'{}'", "TRUE", "INTERVAL '0' SECOND", "(SELECT 1)", "*",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "2147483647", "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "1e308", "-1e308", "1e-320", "0.0", "-0.0", "99999999999999999999999999999999999999.5", "'NaN'::float8", "'Infinity'::float8",
        "NULL", "32767", "-32768", "1.5", "1e400",
    ];

    private static readonly string[] Strings =
    [
        "''", "'x'", "'NaN'", "'-infinity'", "'294247-01-10 04:00:54'", "'4714-11-24 BC'", "'1 year 2147483647 days'", "'{}'",
        "'{1,NULL}'", "'[1,'", "'{\"a\":'", "'9999999999'", "'\\x00'", "'2024-02-30'", "'24:00:00'", "'1e5'", "' '", "'true'", "NULL",
    ];

    [GeneratedRegex(@"(?<![\w.'])\d+(\.\d+)?(e[+-]?\d+)?(?![\w.'])")]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    /// <summary>One or two of the statement's number or string literals replaced by edge values.</summary>
    public static string Literals(string sql, Random random)
    {
        var text = sql;
        for (int changes = random.Next(1, 3); changes > 0; changes--)
        {
            bool number = random.Next(2) == 0;
            var found = (number ? NumberLiteral() : StringLiteral()).Matches(text);
            if (found.Count == 0)
                continue;
            var literal = found[random.Next(found.Count)];
            var replacement = number ? Numbers[random.Next(Numbers.Length)] : Strings[random.Next(Strings.Length)];
            text = text[..literal.Index] + replacement + text[(literal.Index + literal.Length)..];
        }

        return text;
    }

    public static List<string> Words(string[] words, Random random)
    {
        var mutated = words.ToList();
        for (int changes = random.Next(1, 4); changes > 0 && mutated.Count > 1; changes--)
        {
            int i = random.Next(mutated.Count), j = random.Next(mutated.Count);
            switch (random.Next(5))
            {
                case 0:
                    mutated.RemoveAt(i);
                    break;
                case 1:
                    (mutated[i], mutated[j]) = (mutated[j], mutated[i]);
                    break;
                case 2:
                    mutated[i] = mutated[j];
                    break;
                case 3:
                    mutated.Insert(i, EdgeValues[random.Next(EdgeValues.Length)]);
                    break;
                default:
                    mutated[i] = EdgeValues[random.Next(EdgeValues.Length)];
                    break;
            }
        }

        return mutated;
    }

}
