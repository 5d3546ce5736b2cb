using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Functions.OperatorNames;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// Text functions and operators with PostgreSQL's semantics: positions and lengths count
/// characters (code points) from 1, <c>trim</c> removes spaces only, <c>substr</c> accepts a
/// start before 1, LIKE and regular-expression matching.
/// </summary>
internal static class StringFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
        var text = DataType.Text;
        var i4 = DataType.Int32;
        var boolean = DataType.Boolean;
        var textArray = DataType.ArrayOf(text);

        b.Add("lower", [text], text, a => ((string)a[0]!).ToLowerInvariant());
        b.Add("upper", [text], text, a => ((string)a[0]!).ToUpperInvariant());
        b.Add("initcap", [text], text, a => InitCap((string)a[0]!));
        foreach (var name in new[] { "length", "char_length", "character_length" })
            b.Add(name, [text], i4, a => CodePointLength((string)a[0]!));
        b.Add("octet_length", [text], i4, a => Encoding.UTF8.GetByteCount((string)a[0]!));
        foreach (var name in new[] { "substr", "substring" })
        {
            b.Add(name, [text, i4], text, a => Substring((string)a[0]!, (int)a[1]!, null));
            b.Add(name, [text, i4, i4], text, a => Substring((string)a[0]!, (int)a[1]!, (int)a[2]!));
        }
        b.Add("substring", [text, text], text, a => RegexpSubstring((string)a[0]!, (string)a[1]!));
        // POSITION(needle IN haystack) arrives as position(needle, haystack); strpos(haystack, needle) is the function form.
        b.Add("position", [text, text], i4, a => Position((string)a[1]!, (string)a[0]!));
        b.Add("strpos", [text, text], i4, a => Position((string)a[0]!, (string)a[1]!));
        b.Add("replace", [text, text, text], text, a => Replace((string)a[0]!, (string)a[1]!, (string)a[2]!));
        foreach (var name in new[] { "btrim", "trim" })
        {
            b.Add(name, [text], text, a => Trim((string)a[0]!, " ", true, true));
            b.Add(name, [text, text], text, a => Trim((string)a[0]!, (string)a[1]!, true, true));
        }
        b.Add("ltrim", [text], text, a => Trim((string)a[0]!, " ", true, false));
        b.Add("ltrim", [text, text], text, a => Trim((string)a[0]!, (string)a[1]!, true, false));
        b.Add("rtrim", [text], text, a => Trim((string)a[0]!, " ", false, true));
        b.Add("rtrim", [text, text], text, a => Trim((string)a[0]!, (string)a[1]!, false, true));

        b.Add("concat", [text], text, a => string.Concat(a.Select(v => (string?)v)), strict: false, variadic: true, anyArguments: true);
        b.Add("concat_ws", [text, text], text, a => ConcatWs(a), strict: false, variadic: true, anyArguments: true);
        b.Add(Concat, [text, text], text, a => string.Concat((string)a[0]!, (string)a[1]!));

        b.Add("split_part", [text, text, i4], text, a => SplitPart((string)a[0]!, (string)a[1]!, (int)a[2]!));
        b.Add("string_to_array", [text, text], textArray, a => StringToArray((string?)a[0], (string?)a[1], null), strict: false);
        b.Add("string_to_array", [text, text, text], textArray, a => StringToArray((string?)a[0], (string?)a[1], (string?)a[2]), strict: false);
        b.Add("starts_with", [text, text], boolean, a => ((string)a[0]!).StartsWith((string)a[1]!, StringComparison.Ordinal));
        b.Add("left", [text, i4], text, a => Left((string)a[0]!, (int)a[1]!));
        b.Add("right", [text, i4], text, a => Right((string)a[0]!, (int)a[1]!));
        b.Add("repeat", [text, i4], text, a => Repeat((string)a[0]!, (int)a[1]!));
        b.Add("reverse", [text], text, a => Reverse((string)a[0]!));
        b.Add("lpad", [text, i4], text, a => Pad((string)a[0]!, (int)a[1]!, " ", left: true));
        b.Add("lpad", [text, i4, text], text, a => Pad((string)a[0]!, (int)a[1]!, (string)a[2]!, left: true));
        b.Add("rpad", [text, i4], text, a => Pad((string)a[0]!, (int)a[1]!, " ", left: false));
        b.Add("rpad", [text, i4, text], text, a => Pad((string)a[0]!, (int)a[1]!, (string)a[2]!, left: false));
        b.Add("md5", [text], text, a => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes((string)a[0]!))));
        b.Add("chr", [i4], text, a => Chr((int)a[0]!));
        b.Add("ascii", [text], i4, a => ((string)a[0]!).Length == 0 ? 0 : char.ConvertToUtf32((string)a[0]!, 0));
        b.Add("translate", [text, text, text], text, a => Translate((string)a[0]!, (string)a[1]!, (string)a[2]!));
        b.Add("to_hex", [i4], text, a => ((int)a[0]!).ToString("x", CultureInfo.InvariantCulture));
        b.Add("to_hex", [DataType.Int64], text, a => ((long)a[0]!).ToString("x", CultureInfo.InvariantCulture));

        b.Add(Like, [text, text], boolean, a => LikePattern.Compile((string)a[1]!).IsMatch((string)a[0]!));
        b.Add(NotLike, [text, text], boolean, a => !LikePattern.Compile((string)a[1]!).IsMatch((string)a[0]!));
        b.Add(ILike, [text, text], boolean, a => LikePattern.Compile((string)a[1]!, true).IsMatch((string)a[0]!));
        b.Add(NotILike, [text, text], boolean, a => !LikePattern.Compile((string)a[1]!, true).IsMatch((string)a[0]!));
        b.Add("like_escape", [text, text], text, a => LikePattern.ConvertEscape((string)a[0]!, (string)a[1]!));

        b.Add(RegexMatch, [text, text], boolean, a => SqlRegex.IsMatch((string)a[0]!, (string)a[1]!));
        b.Add(NotRegexMatch, [text, text], boolean, a => !SqlRegex.IsMatch((string)a[0]!, (string)a[1]!));
        b.Add(RegexMatchInsensitive, [text, text], boolean, a => SqlRegex.IsMatch((string)a[0]!, (string)a[1]!, "i"));
        b.Add(NotRegexMatchInsensitive, [text, text], boolean, a => !SqlRegex.IsMatch((string)a[0]!, (string)a[1]!, "i"));
        b.Add("regexp_match", [text, text], textArray, a => RegexpMatch((string)a[0]!, (string)a[1]!, null));
        b.Add("regexp_match", [text, text, text], textArray, a => RegexpMatch((string)a[0]!, (string)a[1]!, (string)a[2]!));
        b.Add("regexp_replace", [text, text, text], text, a => RegexpReplace((string)a[0]!, (string)a[1]!, (string)a[2]!, null));
        b.Add("regexp_replace", [text, text, text, text], text, a => RegexpReplace((string)a[0]!, (string)a[1]!, (string)a[2]!, (string)a[3]!));

        b.Add("quote_ident", [text], text, a => Quoting.QuoteIdent((string)a[0]!));
        b.Add("quote_literal", [text], text, a => Quoting.QuoteLiteral((string)a[0]!));
        b.Add("quote_nullable", [text], text, a => a[0] is string s ? Quoting.QuoteLiteral(s) : "NULL", strict: false);

        b.Add("format_type", [i4, i4], text, a => FormatType((int?)a[0], (int?)a[1]), strict: false);
    }

    private static bool HasSurrogates(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    private static int[] CodePoints(string s)
    {
        var list = new List<int>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(char.ConvertToUtf32(s[i], s[i + 1]));
                i++;
            }
            else
            {
                list.Add(s[i]);
            }
        }
        return [.. list];
    }

    private static string FromCodePoints(ReadOnlySpan<int> cps)
    {
        var sb = new StringBuilder(cps.Length);
        foreach (var cp in cps)
        {
            if (cp > 0xFFFF) sb.Append(char.ConvertFromUtf32(cp));
            else sb.Append((char)cp);
        }
        return sb.ToString();
    }

    public static int CodePointLength(string s) => HasSurrogates(s) ? CodePoints(s).Length : s.Length;

    /// <summary>substr(s, start [, count]): characters from start (1-based, may be below 1) for count characters.</summary>
    public static string Substring(string s, int start, int? count)
    {
        if (count < 0) throw new SqlStateException("22011", "negative substring length not allowed");
        var len = (long)CodePointLength(s);
        long from = start;
        long to = count is { } c ? from + c : long.MaxValue; // exclusive, 1-based
        from = Math.Max(from, 1);
        to = Math.Min(to, len + 1);
        if (to <= from) return "";
        if (!HasSurrogates(s)) return s.Substring((int)from - 1, (int)(to - from));
        var cps = CodePoints(s);
        return FromCodePoints(cps.AsSpan((int)from - 1, (int)(to - from)));
    }

    public static int Position(string s, string sub)
    {
        var i = s.IndexOf(sub, StringComparison.Ordinal);
        if (i < 0) return 0;
        return HasSurrogates(s) ? CodePointLength(s[..i]) + 1 : i + 1;
    }

    public static string Replace(string s, string from, string to) =>
        from.Length == 0 ? s : s.Replace(from, to, StringComparison.Ordinal);

    public static string Trim(string s, string chars, bool leading, bool trailing)
    {
        var start = 0;
        var end = s.Length;
        if (leading) while (start < end && chars.Contains(s[start])) start++;
        if (trailing) while (end > start && chars.Contains(s[end - 1])) end--;
        return s[start..end];
    }

    private static string? ConcatWs(object?[] a)
    {
        if (a[0] is not string sep) return null;
        return string.Join(sep, a.Skip(1).Where(v => v is not null).Cast<string>());
    }

    public static string SplitPart(string s, string delimiter, int n)
    {
        if (n == 0) throw new SqlStateException(SqlStateException.InvalidParameterValue, "field position must not be zero");
        string[] parts = delimiter.Length == 0 ? [s] : s.Split(delimiter);
        if (s.Length == 0) return "";
        var index = n > 0 ? n - 1 : parts.Length + n;
        return index >= 0 && index < parts.Length ? parts[index] : "";
    }

    public static object?[]? StringToArray(string? s, string? delimiter, string? nullString)
    {
        if (s is null) return null;
        if (s.Length == 0) return [];
        string[] parts;
        if (delimiter is null) parts = CodePoints(s).Select(cp => char.ConvertFromUtf32(cp)).ToArray();
        else if (delimiter.Length == 0) parts = [s];
        else parts = s.Split(delimiter);
        var result = new object?[parts.Length];
        for (var i = 0; i < parts.Length; i++) result[i] = nullString is not null && parts[i] == nullString ? null : parts[i];
        return result;
    }

    public static string Left(string s, int n)
    {
        var cps = CodePoints(s);
        var take = n >= 0 ? Math.Min(n, cps.Length) : Math.Max(cps.Length + n, 0);
        return FromCodePoints(cps.AsSpan(0, take));
    }

    public static string Right(string s, int n)
    {
        var cps = CodePoints(s);
        var take = n >= 0 ? Math.Min(n, cps.Length) : Math.Max(cps.Length + n, 0);
        return FromCodePoints(cps.AsSpan(cps.Length - take, take));
    }

    public static string Repeat(string s, int n)
    {
        if (n <= 0 || s.Length == 0) return "";
        if ((long)s.Length * n > 1_073_741_823)
            throw new SqlStateException("54000", "requested length too large");
        return new StringBuilder(s.Length * n).Insert(0, s, n).ToString();
    }

    public static string Reverse(string s)
    {
        var cps = CodePoints(s);
        Array.Reverse(cps);
        return FromCodePoints(cps);
    }

    public static string Pad(string s, int length, string fill, bool left)
    {
        var cps = CodePoints(s);
        if (length <= 0) return "";
        if (cps.Length >= length) return FromCodePoints(cps.AsSpan(0, length));
        if (fill.Length == 0) return s;
        var fillCps = CodePoints(fill);
        var padding = new int[length - cps.Length];
        for (var i = 0; i < padding.Length; i++) padding[i] = fillCps[i % fillCps.Length];
        return left ? FromCodePoints(padding) + s : s + FromCodePoints(padding);
    }

    /// <summary>initcap: the first letter of each alphanumeric run upper case, the rest lower case.</summary>
    public static string InitCap(string s)
    {
        var sb = new StringBuilder(s.Length);
        var inWord = false;
        foreach (var c in s)
        {
            sb.Append(inWord ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            inWord = char.IsLetterOrDigit(c);
        }
        return sb.ToString();
    }

    public static string Chr(int code)
    {
        if (code == 0) throw new SqlStateException("54000", "null character not permitted");
        if (code < 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            throw new SqlStateException("54000", "requested character too large for encoding: " + code.ToString(CultureInfo.InvariantCulture));
        return char.ConvertFromUtf32(code);
    }

    public static string Translate(string s, string from, string to)
    {
        var f = CodePoints(from);
        var t = CodePoints(to);
        var result = new List<int>(s.Length);
        foreach (var cp in CodePoints(s))
        {
            var i = Array.IndexOf(f, cp);
            if (i < 0) result.Add(cp);
            else if (i < t.Length) result.Add(t[i]);
        }
        return FromCodePoints(result.ToArray());
    }

    /// <summary>regexp_match: the capture groups of the first match (or the whole match without groups), NULL when none.</summary>
    public static object?[]? RegexpMatch(string s, string pattern, string? flags)
    {
        var m = SqlRegex.Match(s, pattern, flags, out var global);
        if (global)
            throw new SqlStateException(SqlStateException.InvalidParameterValue, "regexp_match() does not support the \"global\" option",
                hint: "Use the regexp_matches function instead.");
        if (!m.Success) return null;
        if (m.Groups.Count == 1) return [m.Value];
        var result = new object?[m.Groups.Count - 1];
        for (var i = 1; i < m.Groups.Count; i++) result[i - 1] = m.Groups[i].Success ? m.Groups[i].Value : null;
        return result;
    }

    /// <summary>substring(s FROM pattern): the first match of the POSIX pattern, or of its first parenthesized group; NULL when none.</summary>
    public static string? RegexpSubstring(string s, string pattern)
    {
        var m = SqlRegex.Match(s, pattern, null, out _);
        if (!m.Success) return null;
        if (m.Groups.Count == 1) return m.Value;
        return m.Groups[1].Success ? m.Groups[1].Value : null;
    }

    public static string RegexpReplace(string s, string pattern, string replacement, string? flags) =>
        SqlRegex.Replace(s, pattern, replacement, flags);

    /// <summary>format_type(oid, typmod): the SQL name of a type OID, with its modifier; NULL for a NULL OID, <c>???</c> for an unknown one.</summary>
    public static string? FormatType(int? oid, int? typmod)
    {
        if (oid is null) return null;
        if (oid == 0) return "-";
        var type = PgTypes.FromOid(oid.Value);
        if (type is null) return "???";
        if (type.Kind == TypeKind.Numeric && typmod is { } m && m >= 4)
            return $"numeric({(m - 4) >> 16},{(m - 4) & 0xFFFF})";
        var info = PgTypes.InfoFromOid(oid.Value)!;
        return info.Name switch
        {
            "varchar" => typmod is { } v && v >= 4 ? $"character varying({v - 4})" : "character varying",
            "bpchar" => typmod is { } c && c >= 4 ? $"character({c - 4})" : "character",
            "name" => "name",
            "json" => "json",
            "_varchar" => "character varying[]",
            "_bpchar" => "character[]",
            "_name" => "name[]",
            "_json" => "json[]",
            _ => type.ToString(),
        };
    }
}
