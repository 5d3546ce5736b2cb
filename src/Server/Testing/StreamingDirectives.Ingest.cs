namespace StreamSql.Server.Testing;

internal sealed partial class StreamingDirectives
{
    private SltOutcome IngestRecords(SltDirective d) =>
        throw new SltFormatException(d.File, d.Line, "ingest: not wired yet");
}
