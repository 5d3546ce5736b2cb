using System.IO.Hashing;
using StreamSql.Server.Durability;

namespace StreamSql.EndToEnd.Tests;

/// <summary>The framed record file under the logs, in process: what survives which kind of damage.</summary>
public sealed class RecordLogTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.HashToUInt32("123456789"u8));
        Assert.Equal(0u, Crc32.HashToUInt32([]));
    }

    [Fact]
    public void Records_read_back_in_order_after_reopening()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "a.log");
        using (var log = RecordLog.Open(path, _ => Assert.Fail("a new log has no records"), TextWriter.Null))
        {
            log.Append("one"u8);
            log.Append([]);
            log.Append("three"u8);
            log.Flush();
            Assert.Equal(3 * 8 + 8, log.Length);
        }

        Assert.Equal(["one", "", "three"], ReadAll(path, TextWriter.Null));
    }

    [Theory]
    [InlineData(3, "an incomplete record header at byte 11 of 14")]
    [InlineData(9, "an incomplete record at byte 11 of 20")]
    public void A_torn_tail_is_cut_off_and_appends_continue_after_the_last_valid_record(int tornBytes, string message)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "a.log");
        using (var log = RecordLog.Open(path, _ => { }, TextWriter.Null))
            log.Append("abc"u8);
        using (var stream = new FileStream(path, FileMode.Append))
            stream.Write(new byte[] { 5, 0, 0, 0, 9, 9, 9, 9, 1 }.AsSpan(0, tornBytes));

        var report = new StringWriter();
        using (var log = RecordLog.Open(path, _ => { }, report))
        {
            Assert.Equal(11, log.Length);
            log.Append("de"u8);
        }

        Assert.Contains(message, report.ToString());
        Assert.Contains($"recovered the 1 valid record(s) before it and cut off the remaining {tornBytes} byte(s)", report.ToString());
        var again = new StringWriter();
        Assert.Equal(["abc", "de"], ReadAll(path, again));
        Assert.Equal("", again.ToString());
    }

    [Fact]
    public void A_record_whose_checksum_does_not_match_ends_the_log()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "a.log");
        using (var log = RecordLog.Open(path, _ => { }, TextWriter.Null))
        {
            log.Append("first"u8);
            log.Append("second"u8);
            log.Append("third"u8);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[13 + 8] ^= 1;  // a payload byte of "second"
        File.WriteAllBytes(path, bytes);
        var report = new StringWriter();
        Assert.Equal(["first"], ReadAll(path, report));
        Assert.Contains("a record whose checksum does not match at byte 13 of 40", report.ToString());
        Assert.Equal(13, new FileInfo(path).Length);
    }

    [Fact]
    public void Truncate_takes_the_last_record_back()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "a.log");
        using (var log = RecordLog.Open(path, _ => { }, TextWriter.Null))
        {
            log.Append("keep"u8);
            long start = log.Length;
            log.Append("drop"u8);
            log.Truncate(start);
            Assert.Throws<ArgumentOutOfRangeException>(() => log.Truncate(start + 1));
            log.Append("next"u8);
        }

        Assert.Equal(["keep", "next"], ReadAll(path, TextWriter.Null));
    }

    [Fact]
    public void A_second_open_of_a_data_directory_is_refused_until_the_first_is_closed()
    {
        using var dir = new TempDirectory();
        var first = DataDirectory.Open(dir.Path);
        var error = Assert.Throws<DurabilityException>(() => DataDirectory.Open(dir.Path));
        Assert.Equal($"data directory \"{dir.Path}\" is in use by another StreamSql server; stop that server or start this one with another --data-dir", error.Message);
        first.Dispose();
        DataDirectory.Open(dir.Path).Dispose();
    }

    private static List<string> ReadAll(string path, TextWriter report)
    {
        var records = new List<string>();
        using var log = RecordLog.Open(path, p => records.Add(System.Text.Encoding.UTF8.GetString(p.Span)), report);
        return records;
    }
}
