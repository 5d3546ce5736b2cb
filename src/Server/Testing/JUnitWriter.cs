using System.Xml.Linq;

namespace StreamSql.Server.Testing;

/// <summary>
/// Writes JUnit XML, the form CI systems read: a test suite per file, a test case per record
/// (named by its line), failures with the message that shows expected and actual.
/// </summary>
public static class JUnitWriter
{
    public static void Write(string path, IReadOnlyList<SltFileResult> files)
    {
        var suites = new XElement("testsuites",
            new XAttribute("name", "streamsql test"),
            new XAttribute("tests", files.Sum(f => f.Records.Count + (f.FileError is null ? 0 : 1))),
            new XAttribute("failures", files.Sum(f => f.Failed)),
            new XAttribute("skipped", files.Sum(f => f.Skipped)));
        foreach (var file in files)
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", file.File),
                new XAttribute("tests", file.Records.Count + (file.FileError is null ? 0 : 1)),
                new XAttribute("failures", file.Failed),
                new XAttribute("skipped", file.Skipped),
                new XAttribute("time", Seconds(file.Records.Sum(r => r.Duration.TotalSeconds))));
            foreach (var r in file.Records)
            {
                var testCase = new XElement("testcase",
                    new XAttribute("classname", file.File),
                    new XAttribute("name", $"{Path.GetFileName(r.Record.File)}:{r.Record.Line} {Kind(r.Record)}"),
                    new XAttribute("file", r.Record.File),
                    new XAttribute("line", r.Record.Line),
                    new XAttribute("time", Seconds(r.Duration.TotalSeconds)));
                if (r.Verdict == SltVerdict.Failed)
                {
                    var firstLine = (r.Message ?? "").Split('\n')[0];
                    testCase.Add(new XElement("failure", new XAttribute("message", firstLine), r.Message));
                }
                else if (r.Verdict == SltVerdict.Skipped)
                {
                    testCase.Add(new XElement("skipped", new XAttribute("message", r.Message ?? "")));
                }

                suite.Add(testCase);
            }

            if (file.FileError is not null)
            {
                suite.Add(new XElement("testcase", new XAttribute("classname", file.File), new XAttribute("name", "file"),
                    new XElement("error", new XAttribute("message", file.FileError))));
            }

            suites.Add(suite);
        }

        // No byte-order mark: some CI parsers of JUnit files refuse one.
        using var writer = System.Xml.XmlWriter.Create(path, new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true });
        new XDocument(new XDeclaration("1.0", "utf-8", null), suites).Save(writer);
    }

    private static string Kind(SltRecord record) => record switch
    {
        SltStatement s => $"statement {s.Expect.ToString().ToLowerInvariant()}",
        SltQuery q => q.ExpectError ? "query error" : $"query {q.Types}",
        SltDirective d => d.Verb,
        _ => record.GetType().Name,
    };

    private static string Seconds(double s) => s.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
}
