using System.Collections.Immutable;

namespace StreamSql.Parser.Diagnostics;

/// <summary>
/// The text a script was parsed from, with an optional file path, mapping character offsets to
/// 1-based lines and columns. Line breaks are "\n", "\r\n" or a lone "\r".
/// </summary>
public sealed class SourceText
{
    private readonly ImmutableArray<int> _lineStarts;

    public SourceText(string text, string? filePath = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        FilePath = filePath;
        _lineStarts = ComputeLineStarts(text);
    }

    public string Text { get; }

    public string? FilePath { get; }

    public int Length => Text.Length;

    public int LineCount => _lineStarts.Length;

    public string this[TextSpan span] => Text.Substring(Clamp(span.Start), Clamp(span.End) - Clamp(span.Start));

    /// <summary>The line and column of an offset; offsets past the end map to the position just after the last character.</summary>
    public LinePosition GetLinePosition(int offset)
    {
        offset = Clamp(offset);
        int index = _lineStarts.BinarySearch(offset);
        int line = index >= 0 ? index : ~index - 1;
        return new LinePosition(line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>The text of a 1-based line without its line break.</summary>
    public string GetLineText(int line)
    {
        if (line < 1 || line > _lineStarts.Length)
            throw new ArgumentOutOfRangeException(nameof(line));
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
            end--;
        return Text[start..end];
    }

    private int Clamp(int offset) => Math.Clamp(offset, 0, Text.Length);

    private static ImmutableArray<int> ComputeLineStarts(string text)
    {
        var starts = ImmutableArray.CreateBuilder<int>();
        starts.Add(0);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return starts.ToImmutable();
    }
}
