using System.Text;
using System.Text.RegularExpressions;

namespace StreamSql.Server.Testing;

/// <summary>
/// Compares a query's rows with the expected lines as sqllogictest-rs does: values separated by
/// any run of white space, rows sorted as text for <c>rowsort</c>, values sorted for <c>valuesort</c>.
/// A time zone offset written <c>+00:00</c> (RisingWave) equals <c>+00</c> (PostgreSQL), and a
/// decimal number equals itself without trailing fractional zeros (RisingWave prints <c>1</c>
/// where PostgreSQL prints the numeric <c>1.00</c>): output forms differ, values must not.
/// </summary>
public static partial class SltResultComparer
{
    public static IReadOnlyList<string> Normalize(IEnumerable<string> lines, SltSortMode sort)
    {
        var rows = lines.Select(NormalizeLine).ToList();
        switch (sort)
        {
            case SltSortMode.RowSort:
                rows.Sort(StringComparer.Ordinal);
                break;
            case SltSortMode.ValueSort:
                rows = rows.SelectMany(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal).ToList();
                break;
        }

        return rows;
    }

    public static string NormalizeLine(string line)
    {
        var joined = string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return TrailingZeros().Replace(ZoneMinutes().Replace(joined, "$1"), "$1$2");
    }

    /// <summary>One value in sqllogictest text: NULL, (empty) for the empty string, else the text with spaces kept.</summary>
    public static string FormatValue(string? text) => text switch
    {
        null => "NULL",
        "" => "(empty)",
        _ => text,
    };

    /// <summary>Expected and actual side by side, marking the lines that differ.</summary>
    public static string SideBySide(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var width = Math.Max(8, expected.Count == 0 ? 0 : expected.Max(e => e.Length));
        var sb = new StringBuilder();
        sb.Append("    ").Append("expected".PadRight(width)).Append(" | actual\n");
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : "";
            var a = i < actual.Count ? actual[i] : "";
            sb.Append(e == a ? "    " : "  ! ").Append(e.PadRight(width)).Append(" | ").Append(a).Append('\n');
        }

        if (expected.Count == 0 && actual.Count == 0)
            sb.Append("    (no rows)\n");
        return sb.ToString();
    }

    [GeneratedRegex(@"(\d\d:\d\d(?::\d\d(?:\.\d+)?)?[+-]\d\d):00(?=\s|$)")]
    private static partial Regex ZoneMinutes();

    /// <summary>A whole token that is a decimal number: keeps its integer part and significant fraction.</summary>
    [GeneratedRegex(@"(?<=^|\s)(-?\d+)(?:\.0+|(\.\d*[1-9])0+)(?=\s|$)")]
    private static partial Regex TrailingZeros();
}
