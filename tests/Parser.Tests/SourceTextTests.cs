using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Tests;

public class SourceTextTests
{
    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(2, 1, 3)]
    [InlineData(3, 2, 1)]
    [InlineData(6, 2, 4)]
    [InlineData(7, 3, 1)]
    [InlineData(8, 4, 1)]
    [InlineData(9, 4, 2)]
    [InlineData(100, 4, 2)]
    public void Offsets_map_to_one_based_lines_and_columns_for_every_line_break(int offset, int line, int column)
    {
        var source = new SourceText("ab\ncd\r\n\re");
        Assert.Equal(new LinePosition(line, column), source.GetLinePosition(offset));
    }

    [Fact]
    public void Line_text_excludes_the_line_break()
    {
        var source = new SourceText("ab\r\ncd\n");
        Assert.Equal(3, source.LineCount);
        Assert.Equal("ab", source.GetLineText(1));
        Assert.Equal("cd", source.GetLineText(2));
        Assert.Equal("", source.GetLineText(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.GetLineText(4));
    }

    [Fact]
    public void Spans_cover_and_slice()
    {
        var source = new SourceText("SELECT 1");
        Assert.Equal("LECT", source[new TextSpan(2, 4)]);
        Assert.Equal(new TextSpan(1, 6), new TextSpan(1, 2).Cover(new TextSpan(5, 2)));
        Assert.Equal(7, TextSpan.FromBounds(3, 7).End);
    }
}
