using System.Xml.Linq;

namespace StreamSql.Cli.Tests;

/// <summary>
/// <c>--junit</c>: the JUnit XML that CI systems read. Checked against the schema-level shape they
/// expect (testsuites / testsuite / testcase / failure, counts that add up, names with file:line).
/// </summary>
public sealed class JUnitTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void OneSuiteAFileOneCaseARecordFailuresCarryTheDiff()
    {
        var good = _ws.Write("good.slt", "statement ok\nCREATE TABLE t (a INT);\n\nquery I\nSELECT count(*) FROM t;\n----\n0\n");
        var bad = _ws.Write("bad.slt", "query I\nSELECT 1;\n----\n2\n\nstatement ok\nSELECT 1/0;\n\nstatement ok\nSELECT 1;\n");
        var junit = Path.Combine(_ws.Root, "out.xml");
        var (exit, _) = _ws.Test([good, bad], junit);
        Assert.Equal(1, exit);

        var bytes = File.ReadAllBytes(junit);
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no byte-order mark");
        var doc = XDocument.Load(junit);
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("5", root.Attribute("tests")!.Value);
        Assert.Equal("2", root.Attribute("failures")!.Value);

        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(2, suites.Count);
        foreach (var suite in suites)
        {
            var cases = suite.Elements("testcase").ToList();
            Assert.Equal(cases.Count.ToString(), suite.Attribute("tests")!.Value);
            Assert.Equal(cases.Count(c => c.Element("failure") is not null).ToString(), suite.Attribute("failures")!.Value);
            Assert.All(cases, c => Assert.NotNull(c.Attribute("classname")));
            Assert.All(cases, c => Assert.True(double.TryParse(c.Attribute("time")!.Value, System.Globalization.CultureInfo.InvariantCulture, out _)));
        }

        var badCases = suites[1].Elements("testcase").ToList();
        Assert.Equal(["bad.slt:1 query I", "bad.slt:6 statement ok", "bad.slt:9 statement ok"],
            badCases.Select(c => Path.GetFileName(c.Attribute("name")!.Value)));
        var failure = badCases[0].Element("failure")!;
        Assert.EndsWith("bad.slt:1: query result differs", failure.Attribute("message")!.Value);
        Assert.Contains("  ! 2        | 1", failure.Value);
        Assert.Contains("division by zero (SQLSTATE 22012)", badCases[1].Element("failure")!.Attribute("message")!.Value);
        Assert.Null(badCases[2].Element("failure"));
    }

    [Fact]
    public void AJUnitFileInAFolderThatDoesNotExistIsAUsageErrorBeforeAnythingRuns()
    {
        var good = _ws.Write("good.slt", "statement ok\nCREATE TABLE t (a INT);\n");
        var missing = Path.Combine(_ws.Root, "no-such-folder", "out.xml");
        var e = Assert.Throws<Server.Cli.UsageException>(() => _ws.Test([good], missing));
        Assert.StartsWith("--junit: folder '", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_ws.Root, "no-such-folder")));
    }

    [Fact]
    public void AFileThatCannotBeReadIsAnErrorCase()
    {
        var broken = _ws.Write("broken.slt", "query I\nSELECT 1;\n");
        var junit = Path.Combine(_ws.Root, "out.xml");
        var (exit, output) = _ws.Test([broken], junit);
        Assert.Equal(1, exit);
        var doc = XDocument.Load(junit);
        var cases = doc.Root!.Element("testsuite")!.Elements("testcase").ToList();
        Assert.Contains(cases, c => c.Element("error") is not null || c.Element("failure") is not null);
        Assert.Contains("broken.slt:1", output);
    }
}
