using System.Globalization;
using System.Text;

namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// Compares a query's rows from the engine with a reference's, as multisets of canonical text
/// rows: integers and timestamps as whole numbers (a <see cref="DateTime"/> from a reference
/// database counts as microseconds since the epoch), NUMERIC and floating point rounded to four
/// decimals (so an average computed as double and as numeric agree), NULL as <c>NULL</c>.
/// q12's processing-time windows are summed per bidder first, on both sides alike.
/// </summary>
public static class NexmarkResultComparer
{
    /// <summary>The sorted canonical rows of <paramref name="rows"/> as <paramref name="query"/> compares them.</summary>
    public static List<string> Canonical(string query, IEnumerable<object?[]> rows)
    {
        IEnumerable<object?[]> comparable = query == "q12" ? SumPerBidder(rows) : rows;
        var list = comparable.Select(Row).ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>Null when the two results are equal, otherwise a short description of the first differences.</summary>
    public static string? Difference(string query, IEnumerable<object?[]> actual, IEnumerable<object?[]> expected)
    {
        var a = Canonical(query, actual);
        var e = Canonical(query, expected);
        var missing = Subtract(e, a);
        var extra = Subtract(a, e);
        if (missing.Count == 0 && extra.Count == 0)
            return null;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{query}: {a.Count} rows, expected {e.Count}; {missing.Count} missing, {extra.Count} unexpected");
        foreach (var m in missing.Take(5))
            text.Append("\n  missing:    ").Append(m);
        foreach (var x in extra.Take(5))
            text.Append("\n  unexpected: ").Append(x);
        return text.ToString();
    }

    /// <summary>
    /// An order-independent fingerprint of a multiset of rows (count, and the sum and xor of a
    /// 64-bit hash per canonical row), to compare results too large to hold as text.
    /// </summary>
    public static (long Count, ulong Sum, ulong Xor) Fingerprint(string query, IEnumerable<object?[]> rows)
    {
        IEnumerable<object?[]> comparable = query == "q12" ? SumPerBidder(rows) : rows;
        long count = 0;
        ulong sum = 0, xor = 0;
        foreach (var row in comparable)
        {
            ulong h = 14695981039346656037UL;
            foreach (char ch in Row(row))
                h = (h ^ ch) * 1099511628211UL;
            h ^= h >> 29;
            h *= 0xBF58476D1CE4E5B9UL;
            h ^= h >> 32;
            count++;
            sum += h;
            xor ^= h;
        }
        return (count, sum, xor);
    }

    public static string Row(object?[] row) => string.Join(" | ", row.Select(Value));

    public static string Value(object? value) => value switch
    {
        null => "NULL",
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        short s => s.ToString(CultureInfo.InvariantCulture),
        System.Numerics.BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        decimal d => Round(d),
        double d => Round((decimal)d),
        float f => Round((decimal)f),
        DateTime t => ((t - DateTime.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => ((t.UtcDateTime - DateTime.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture),
        bool b => b ? "t" : "f",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Round(decimal d) => decimal.Round(d, 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture);

    private static IEnumerable<object?[]> SumPerBidder(IEnumerable<object?[]> rows) => rows
        .GroupBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture))
        .Select(g => new object?[] { g.Key, g.Sum(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)) });

    /// <summary>Multiset difference of two sorted lists.</summary>
    private static List<string> Subtract(List<string> from, List<string> remove)
    {
        var result = new List<string>();
        int j = 0;
        foreach (var item in from)
        {
            while (j < remove.Count && string.CompareOrdinal(remove[j], item) < 0)
                j++;
            if (j < remove.Count && remove[j] == item)
                j++;
            else
                result.Add(item);
        }
        return result;
    }
}
