using System.Text;
using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class RecordFramerTests
{
    /// <summary>Frames <paramref name="input"/> fed <paramref name="step"/> bytes at a time; the tail without a line feed is the last record.</summary>
    private static List<string> Frame(string input, bool csv, int step)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        var framer = new RecordFramer(csv, (byte)',');
        var records = new List<string>();
        int start = 0, available = 0;
        while (available < bytes.Length)
        {
            available = Math.Min(bytes.Length, available + step);
            int end;
            while ((end = framer.FindEnd(bytes.AsSpan(start, available - start))) >= 0)
            {
                records.Add(Encoding.UTF8.GetString(bytes, start, end));
                start += end + 1;
            }
        }
        if (start < bytes.Length)
            records.Add(Encoding.UTF8.GetString(bytes, start, bytes.Length - start));
        return records;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Csv_line_breaks_inside_quotes_do_not_end_a_record(int step)
    {
        var input = "a,\"x\ny\",b\n\"q\"\"\nr\",s\nt\"u\nv,\"\"\nlast";
        Assert.Equal(["a,\"x\ny\",b", "\"q\"\"\nr\",s", "t\"u", "v,\"\"", "last"], Frame(input, csv: true, step));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Other_formats_end_records_at_every_line_feed(int step)
    {
        Assert.Equal(["{\"a\": \"x", "y\"}", "", "é"], Frame("{\"a\": \"x\ny\"}\n\né", csv: false, step));
    }
}
