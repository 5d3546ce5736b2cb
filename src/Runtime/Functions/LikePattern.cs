namespace StreamSql.Runtime.Functions;

/// <summary>
/// A compiled LIKE / ILIKE pattern: <c>%</c> matches any run of characters, <c>_</c> one
/// character, the escape character (backslash unless <c>ESCAPE</c> says otherwise) makes the
/// next character literal. Compile once per constant pattern; <see cref="IsMatch"/> is
/// allocation-free and runs in O(text × pattern) at worst.
/// </summary>
public sealed class LikePattern
{
    private const char AnyOne = '\0';
    private const char AnyRun = '\u0001';
    private const char TrailingEscape = '\u0002';

    // The pattern as tokens: a literal character, or one of the two wildcards with its flag set.
    private readonly char[] _chars;
    private readonly bool[] _wild;
    private readonly bool _caseInsensitive;

    private LikePattern(char[] chars, bool[] wild, bool caseInsensitive)
    {
        _chars = chars;
        _wild = wild;
        _caseInsensitive = caseInsensitive;
    }

    /// <summary>
    /// Compiles a pattern in backslash-escape form. A pattern ending with the escape character is
    /// an error (22025) only when matching reaches it, as in PostgreSQL ('abc' LIKE 'abc\' is false).
    /// </summary>
    public static LikePattern Compile(string pattern, bool caseInsensitive = false)
    {
        var chars = new List<char>(pattern.Length);
        var wild = new List<bool>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    chars.Add(TrailingEscape);
                    wild.Add(true);
                    break;
                }
                c = pattern[++i];
                chars.Add(caseInsensitive ? char.ToLowerInvariant(c) : c);
                wild.Add(false);
            }
            else if (c == '%')
            {
                // Consecutive % are one.
                if (chars.Count > 0 && wild[^1] && chars[^1] == AnyRun) continue;
                chars.Add(AnyRun);
                wild.Add(true);
            }
            else if (c == '_')
            {
                chars.Add(AnyOne);
                wild.Add(true);
            }
            else
            {
                chars.Add(caseInsensitive ? char.ToLowerInvariant(c) : c);
                wild.Add(false);
            }
        }
        return new LikePattern([.. chars], [.. wild], caseInsensitive);
    }

    /// <summary>
    /// PostgreSQL's <c>like_escape(pattern, escape)</c>: rewrites a pattern written with another
    /// escape character into backslash form; an empty escape disables escaping. 22025 when the
    /// escape is more than one character.
    /// </summary>
    public static string ConvertEscape(string pattern, string escape)
    {
        if (escape.Length > 1)
            throw new SqlStateException(SqlStateException.InvalidEscapeSequence, "invalid escape string", hint: "Escape string must be empty or one character.");
        var sb = new System.Text.StringBuilder(pattern.Length + 4);
        if (escape.Length == 0)
        {
            foreach (var c in pattern)
            {
                if (c == '\\') sb.Append('\\');
                sb.Append(c);
            }
            return sb.ToString();
        }
        var e = escape[0];
        if (e == '\\') return pattern;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == e)
            {
                if (i + 1 >= pattern.Length)
                    throw new SqlStateException(SqlStateException.InvalidEscapeSequence, "LIKE pattern must not end with escape character");
                sb.Append('\\').Append(pattern[++i]);
            }
            else if (c == '\\')
            {
                sb.Append("\\\\");
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    public bool IsMatch(string text)
    {
        var t = 0;
        var p = 0;
        var starP = -1;
        var starT = 0;
        while (t < text.Length)
        {
            if (p < _chars.Length)
            {
                if (_wild[p] && _chars[p] == AnyRun)
                {
                    starP = p++;
                    starT = t;
                    continue;
                }
                if (_wild[p] && _chars[p] == TrailingEscape) throw TrailingEscapeError();
                if (_wild[p] || _chars[p] == Fold(text[t]))
                {
                    p++;
                    t++;
                    continue;
                }
            }
            if (starP < 0) return false;
            p = starP + 1;
            t = ++starT;
        }
        while (p < _chars.Length && _wild[p] && _chars[p] == AnyRun) p++;
        return p == _chars.Length;
    }

    private static SqlStateException TrailingEscapeError() =>
        new(SqlStateException.InvalidEscapeSequence, "LIKE pattern must not end with escape character");

    private char Fold(char c) => _caseInsensitive ? char.ToLowerInvariant(c) : c;
}
