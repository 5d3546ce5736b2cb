namespace StreamSql.Runtime.Types;

/// <summary>
/// PostgreSQL's length coercions of <c>varchar(n)</c> and <c>char(n)</c> (its <c>varchar()</c> and
/// <c>bpchar()</c> functions), by how the value is converted: an explicit cast cuts a longer value to
/// n; storing one (assignment) fails with 22001 unless what is beyond n is only spaces, which are cut;
/// an implicit conversion (a comparison with a char column) only cuts surplus spaces and never fails.
/// <c>char(n)</c> then pads with spaces to n.
/// </summary>
public static class CharacterLength
{
    public const string StringDataRightTruncation = "22001";

    public static string Apply(string value, DataType type, CastContext kind)
    {
        var n = type.Precision;
        if (n < 0 || type.Kind != TypeKind.Text || type.Character == CharacterKind.Text)
        {
            return value;
        }

        if (value.Length > n)
        {
            if (kind == CastContext.Explicit || IsBlank(value.AsSpan(n)))
            {
                value = value[..n];
            }
            else if (kind == CastContext.Assignment)
            {
                throw new SqlStateException(StringDataRightTruncation, $"value too long for type {type}");
            }
            else
            {
                value = value.TrimEnd(' ');
            }
        }

        return type.Character == CharacterKind.Padded && value.Length < n ? value.PadRight(n) : value;
    }

    /// <summary>The text of a <c>char(n)</c> value, as PostgreSQL converts it to text: without its trailing spaces.</summary>
    public static string ToText(string value) => value.TrimEnd(' ');

    private static bool IsBlank(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c != ' ')
            {
                return false;
            }
        }

        return true;
    }
}
