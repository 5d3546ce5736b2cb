using System.Globalization;
using System.Text;
using StreamSql.Planner;
using StreamSql.Runtime;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Testing;

internal sealed partial class StreamingDirectives
{
    /// <summary>
    /// <c>ingest SOURCE</c> followed by records in the source's declared format: decoded as its
    /// connector would decode them and run as one epoch. A record that does not decode goes where
    /// the source's <c>on_error</c> says: its dead-letter table (the default), skipped, or failing the directive.
    /// </summary>
    private SltOutcome IngestRecords(SltDirective d)
    {
        if (d.Words.Count != 2)
            throw new SltFormatException(d.File, d.Line, "expected: ingest SOURCE, then one record a line");
        var name = Name(d.Words[1]);
        if (engine.Catalog.Find(name) is not SourceDefinition source)
            throw new SqlStateException("42P01", $"source \"{name}\" does not exist", hint: "ingest feeds a source declared with CREATE SOURCE");
        var schema = QueryEngine.Schema(source.Columns);
        var decoder = RecordDecoder.Create(RecordFormat.Parse(source.Format.Name, source.Format.Options), schema);
        var builder = new BatchBuilder(schema.Types);
        var errors = new DeadLetterSink(engine.Runtime, name, source.Connector.Get("on_error") ?? "dead_letter", engine.Options.Time);
        var at = d.Line;
        foreach (var record in d.Body)
        {
            at++;
            var bytes = Encoding.UTF8.GetBytes(record);
            if (decoder.SkipsBlankRecords && RecordDecoder.IsBlank(bytes))
                continue;
            if (decoder.Decode(bytes, builder) is { } error)
                errors.Report(record, error, new SourcePosition($"{Path.GetFileName(d.File)}:{at.ToString(CultureInfo.InvariantCulture)}"));
        }

        using var batch = builder.Build();
        var rows = Enumerable.Range(0, batch.RowCount).Select(batch.GetRow).ToList();
        engine.Runtime.Ingest(name, rows);
        return new SltOutcome(null, rows.Count, null, null);
    }
}
