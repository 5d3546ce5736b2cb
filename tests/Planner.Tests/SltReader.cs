namespace StreamSql.Planner.Tests;

/// <summary>
/// Reads the statements of a sqllogictest file: <c>statement ok|error</c> and <c>query</c> records,
/// the SQL up to a blank line or <c>----</c>. Control records (include, sleep, skipif...) are skipped.
/// </summary>
internal static class SltReader
{
    public static IEnumerable<SltRecord> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var header = lines[i].Trim();
            var isStatement = header.StartsWith("statement ", StringComparison.Ordinal);
            if (!isStatement && !header.StartsWith("query ", StringComparison.Ordinal))
            {
                continue;
            }

            var expectError = isStatement && header.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "error";
            var start = i + 1;
            var sql = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim().Length > 0 && lines[i].Trim() != "----"; i++)
            {
                sql.Add(lines[i]);
            }

            yield return new SltRecord(path, start + 1, string.Join("\n", sql), expectError);
        }
    }
}
