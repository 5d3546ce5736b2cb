using System.Text;
using System.Text.RegularExpressions;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// PostgreSQL regular expressions (ARE) on .NET's engine: the syntax the two share is passed
/// through; POSIX bracket classes (<c>[[:alpha:]]</c>), <c>\m \M \y \Y</c> are translated.
/// Flags as in PostgreSQL: <c>i</c> case-insensitive, <c>c</c> case-sensitive, <c>g</c> global
/// (regexp_replace), <c>q</c> literal pattern, <c>n</c>/<c>s</c>/<c>x</c>. A bad pattern is 2201B "invalid regular expression".
/// </summary>
public static class SqlRegex
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Compiles a pattern with flags; <paramref name="global"/> reports the <c>g</c> flag.</summary>
    public static Regex Compile(string pattern, string? flags, out bool global)
    {
        var translated = Prepare(pattern, flags, out var options, out global);
        try
        {
            return new Regex(translated, options, Timeout);
        }
        catch (ArgumentException e)
        {
            throw Invalid(e);
        }
    }

    public static Regex Compile(string pattern, bool caseInsensitive = false) =>
        Compile(pattern, caseInsensitive ? "i" : null, out _);

    /// <summary>
    /// Row-at-a-time matching for patterns that are not constant: goes through .NET's own cache
    /// of compiled expressions, so a pattern repeated across rows is parsed once.
    /// </summary>
    public static bool IsMatch(string input, string pattern, string? flags = null)
    {
        var translated = Prepare(pattern, flags, out var options, out _);
        try
        {
            return Regex.IsMatch(input, translated, options, Timeout);
        }
        catch (ArgumentException e)
        {
            throw Invalid(e);
        }
    }

    /// <summary>The first match of a non-constant pattern (see <see cref="IsMatch"/>); the <c>g</c> flag is reported, not applied.</summary>
    public static Match Match(string input, string pattern, string? flags, out bool global)
    {
        var translated = Prepare(pattern, flags, out var options, out global);
        try
        {
            return Regex.Match(input, translated, options, Timeout);
        }
        catch (ArgumentException e)
        {
            throw Invalid(e);
        }
    }

    /// <summary>regexp_replace for a non-constant pattern: the first match, or every match with the <c>g</c> flag.</summary>
    public static string Replace(string input, string pattern, string replacement, string? flags)
    {
        var translated = Prepare(pattern, flags, out var options, out var global);
        try
        {
            if (global) return Regex.Replace(input, translated, m => ExpandReplacement(m, replacement), options, Timeout);
            var first = Regex.Match(input, translated, options, Timeout);
            return first.Success
                ? string.Concat(input.AsSpan(0, first.Index), ExpandReplacement(first, replacement), input.AsSpan(first.Index + first.Length))
                : input;
        }
        catch (ArgumentException e)
        {
            throw Invalid(e);
        }
    }

    /// <summary>
    /// PostgreSQL's replacement text for one match: <c>\1</c>..<c>\9</c> are groups (empty when the
    /// pattern has no such group or it did not take part), <c>\&amp;</c> the whole match,
    /// <c>\\</c> a backslash; everything else is literal.
    /// </summary>
    public static string ExpandReplacement(Match match, string replacement)
    {
        if (!replacement.Contains('\\')) return replacement;
        var sb = new StringBuilder(replacement.Length + match.Length);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '\\' && i + 1 < replacement.Length)
            {
                var n = replacement[i + 1];
                if (n is >= '1' and <= '9')
                {
                    var group = n - '0';
                    if (group < match.Groups.Count && match.Groups[group].Success) sb.Append(match.Groups[group].Value);
                    i++;
                    continue;
                }
                if (n == '&') { sb.Append(match.Value); i++; continue; }
                if (n == '\\') { sb.Append('\\'); i++; continue; }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string Prepare(string pattern, string? flags, out RegexOptions options, out bool global)
    {
        global = false;
        var quoted = false;
        options = RegexOptions.CultureInvariant;
        foreach (var f in flags ?? "")
        {
            switch (f)
            {
                case 'i': options |= RegexOptions.IgnoreCase; break;
                case 'c': options &= ~RegexOptions.IgnoreCase; break;
                case 'g': global = true; break;
                case 'n' or 'm' or 'p' or 'w': options |= RegexOptions.Multiline; break;
                case 's': options |= RegexOptions.Singleline; break;
                case 'x': options |= RegexOptions.IgnorePatternWhitespace; break;
                case 'q': quoted = true; break;
                case 'b' or 'e': break;
                default:
                    throw new SqlStateException(SqlStateException.InvalidParameterValue, $"invalid regular expression option: \"{f}\"");
            }
        }
        return quoted ? Regex.Escape(pattern) : Translate(pattern);
    }

    private static SqlStateException Invalid(ArgumentException e) =>
        new(SqlStateException.InvalidRegularExpression, $"invalid regular expression: {e.Message}");

    private static string Translate(string pattern)
    {
        if (!pattern.Contains("[:", StringComparison.Ordinal) && !pattern.Contains('\\')) return pattern;
        var sb = new StringBuilder(pattern.Length + 8);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var n = pattern[i + 1];
                var replacement = n switch
                {
                    'm' => @"\b(?=\w)",
                    'M' => @"\b(?<=\w)",
                    'y' => @"\b",
                    'Y' => @"\B",
                    _ => null,
                };
                if (replacement is not null) { sb.Append(replacement); i++; continue; }
                sb.Append(c).Append(n);
                i++;
                continue;
            }
            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                var end = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (end > 0)
                {
                    var cls = pattern[(i + 2)..end] switch
                    {
                        "alpha" => @"\p{L}",
                        "digit" => @"0-9",
                        "alnum" => @"\p{L}\p{Nd}",
                        "upper" => @"\p{Lu}",
                        "lower" => @"\p{Ll}",
                        "space" => @"\s",
                        "blank" => @" \t",
                        "punct" => @"\p{P}\p{S}",
                        "xdigit" => @"0-9A-Fa-f",
                        "word" => @"\w",
                        "cntrl" => @"\p{Cc}",
                        "print" => @"\P{C}",
                        "graph" => @"\p{L}\p{M}\p{N}\p{P}\p{S}",
                        _ => null,
                    };
                    if (cls is not null) { sb.Append(cls); i = end + 1; continue; }
                }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Rewrites a PostgreSQL replacement string (<c>\1</c>, <c>\&amp;</c>, <c>\\</c>) into .NET's (<c>$1</c>, <c>$0</c>, literal <c>$$</c>).</summary>
    public static string TranslateReplacement(string replacement)
    {
        var sb = new StringBuilder(replacement.Length + 4);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '$') { sb.Append("$$"); continue; }
            if (c == '\\' && i + 1 < replacement.Length)
            {
                var n = replacement[i + 1];
                if (n is >= '1' and <= '9') { sb.Append("${").Append(n).Append('}'); i++; continue; }
                if (n == '&') { sb.Append("$0"); i++; continue; }
                if (n == '\\') { sb.Append('\\'); i++; continue; }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
