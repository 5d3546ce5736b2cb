namespace StreamSql.Parser.Tests;

/// <summary>One SQL record of a sqllogictest file: its kind, where it starts, and its SQL.</summary>
internal sealed record SltRecord(string File, int Line, bool ExpectsError, string Sql)
{
    public override string ToString() => $"{Path.GetFileName(File)}:{Line}";

    /// <summary>
    /// The SQL of every <c>statement ok</c>, <c>statement error</c> and <c>query</c> record: the lines
    /// after the header up to a blank line or <c>----</c>.
    /// </summary>
    public static IEnumerable<SltRecord> Read(string path)
    {
        var lines = System.IO.File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string header = lines[i];
            bool isStatement = header.StartsWith("statement ok", StringComparison.Ordinal) || header.StartsWith("statement error", StringComparison.Ordinal);
            bool isQuery = header.StartsWith("query", StringComparison.Ordinal) && (header.Length == 5 || header[5] == ' ');
            if (!isStatement && !isQuery)
                continue;
            int start = i + 1;
            var sql = new List<string>();
            for (i = start; i < lines.Length && lines[i].Trim().Length > 0 && lines[i] != "----"; i++)
                sql.Add(lines[i]);
            yield return new SltRecord(path, start + 1, header.StartsWith("statement error", StringComparison.Ordinal), string.Join("\n", sql));
        }
    }
}
