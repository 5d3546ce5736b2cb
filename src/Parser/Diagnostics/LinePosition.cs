namespace StreamSql.Parser.Diagnostics;

/// <summary>A 1-based line and column (columns count UTF-16 code units).</summary>
public readonly record struct LinePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
