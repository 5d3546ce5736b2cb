namespace StreamSql.Runtime.Connectors.Directory;

/// <summary>
/// A file-name glob as shells read it: <c>*</c> any run of characters, <c>?</c> one character,
/// <c>[abc]</c>, <c>[a-z]</c> and <c>[!abc]</c> one character of (or not of) a set; everything
/// else matches itself, case-sensitively. Matches a name, not a path.
/// </summary>
public sealed class GlobPattern
{
    private readonly string pattern;

    private GlobPattern(string pattern) => this.pattern = pattern;

    public string Text => pattern;

    /// <summary>Checks the pattern: an unclosed <c>[</c> or a <c>/</c> is a 22023 error naming the option.</summary>
    public static GlobPattern Parse(string pattern, string optionOwner)
    {
        if (pattern.Length == 0 || pattern.Contains('/'))
            throw Formats.ConnectorOptions.Invalid($"invalid value '{pattern}' for option 'pattern' of {optionOwner}; expected a file name glob such as '*.json' (no '/')");
        for (int i = 0; i < pattern.Length; i++)
            if (pattern[i] == '[' && ClassEnd(pattern, i) < 0)
                throw Formats.ConnectorOptions.Invalid($"invalid value '{pattern}' for option 'pattern' of {optionOwner}; '[' at {i + 1} is not closed by ']'");
        return new GlobPattern(pattern);
    }

    public bool Matches(ReadOnlySpan<char> name) => Match(pattern, 0, name, 0);

    public override string ToString() => pattern;

    private static bool Match(string p, int pi, ReadOnlySpan<char> s, int si)
    {
        // Iterative with one backtrack point for the last '*': linear in practice.
        int starP = -1, starS = 0;
        while (si < s.Length)
        {
            if (pi < p.Length && p[pi] == '*')
            {
                starP = ++pi;
                starS = si;
                continue;
            }
            if (pi < p.Length && StepOne(p, ref pi, s[si]))
            {
                si++;
                continue;
            }
            if (starP < 0)
                return false;
            pi = starP;
            si = ++starS;
        }
        while (pi < p.Length && p[pi] == '*')
            pi++;
        return pi == p.Length;
    }

    /// <summary>Matches one pattern element (literal, ?, or class) against <paramref name="c"/>, advancing past it on success.</summary>
    private static bool StepOne(string p, ref int pi, char c)
    {
        switch (p[pi])
        {
            case '?':
                pi++;
                return true;
            case '[':
            {
                int end = ClassEnd(p, pi);
                int i = pi + 1;
                bool negate = p[i] is '!' or '^';
                if (negate)
                    i++;
                bool hit = false;
                for (; i < end; i++)
                {
                    if (i + 2 < end && p[i + 1] == '-')
                    {
                        hit |= c >= p[i] && c <= p[i + 2];
                        i += 2;
                    }
                    else
                    {
                        hit |= c == p[i];
                    }
                }
                if (hit == negate)
                    return false;
                pi = end + 1;
                return true;
            }
            default:
                if (p[pi] != c)
                    return false;
                pi++;
                return true;
        }
    }

    /// <summary>The index of the <c>]</c> closing the class at <paramref name="open"/> (a <c>]</c> right after <c>[</c> or <c>[!</c> is a member), or -1.</summary>
    private static int ClassEnd(string p, int open)
    {
        int i = open + 1;
        if (i < p.Length && p[i] is '!' or '^')
            i++;
        if (i < p.Length && p[i] == ']')
            i++;
        for (; i < p.Length; i++)
            if (p[i] == ']')
                return i;
        return -1;
    }
}
