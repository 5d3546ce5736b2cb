using System.Globalization;
using StreamSql.Runtime;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Testing;

/// <summary>
/// StreamSql's streaming directives for sqllogictest files (docs/testing.md), run against an
/// in-process engine whose connectors are not started:
/// <c>ingest SOURCE</c> (rows in the source's format, one epoch), <c>advance watermark SOURCE to 'ts'</c>,
/// <c>advance time by 'interval'</c>, <c>subscribe VIEW as NAME</c> and <c>changes NAME</c>
/// (the consolidated changes of each epoch since the last check, compared as a multiset per epoch).
/// </summary>
internal sealed partial class StreamingDirectives(QueryEngine engine, Session session) : IAsyncDisposable
{
    private readonly Dictionary<string, Capture> _captures = new(StringComparer.OrdinalIgnoreCase);

    public Task<SltOutcome> ExecuteAsync(SltDirective directive, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(directive.Verb switch
            {
                "ingest" => Ingest(directive),
                "advance" => Advance(directive),
                "subscribe" => Subscribe(directive),
                "changes" => Changes(directive),
                _ => throw new SltFormatException(directive.File, directive.Line, $"unknown directive '{directive.Verb}'"),
            });
        }
        catch (SqlStateException e)
        {
            return Task.FromResult(SltOutcome.Failed(e.Message, e.SqlState));
        }
        catch (Exception e) when (e is not (SltFormatException or OperationCanceledException))
        {
            // A bug in the engine fails the record, not the run.
            return Task.FromResult(SltOutcome.Failed($"internal error: {e.GetType().Name}: {e.Message}", "XX000"));
        }
    }

    private SltOutcome Advance(SltDirective d)
    {
        // advance watermark SOURCE to 'ts'   |   advance time by 'interval'
        var text = string.Join(' ', d.Words);
        if (d.Words.Count >= 5 && d.Words[1].Equals("watermark", StringComparison.OrdinalIgnoreCase) &&
            d.Words[3].Equals("to", StringComparison.OrdinalIgnoreCase))
        {
            var relation = Name(d.Words[2]);
            var literal = Quoted(text[(text.IndexOf(" to ", StringComparison.OrdinalIgnoreCase) + 4)..], d);
            var type = engine.Catalog.Find(relation) is { } obj && obj.Columns.Any(c => c.Type.Kind == TypeKind.TimestampTz)
                ? DataType.TimestampTz : DataType.Timestamp;
            var micros = (long)ValueParser.Parse(literal, type)!;
            engine.Runtime.AdvanceWatermark(relation, micros);
            return new SltOutcome(null, null, null, null);
        }

        if (d.Words.Count >= 4 && d.Words[1].Equals("time", StringComparison.OrdinalIgnoreCase) &&
            d.Words[2].Equals("by", StringComparison.OrdinalIgnoreCase))
        {
            var literal = Quoted(text[(text.IndexOf(" by ", StringComparison.OrdinalIgnoreCase) + 4)..], d);
            var interval = IntervalParser.Parse(literal, null);
            if (interval.Months != 0 || interval.TotalMicros < 0)
                throw new SltFormatException(d.File, d.Line, $"advance time needs a positive fixed interval, not '{literal}'");
            engine.Runtime.AdvanceTime(TimeSpan.FromMicroseconds(interval.TotalMicros));
            return new SltOutcome(null, null, null, null);
        }

        throw new SltFormatException(d.File, d.Line, "expected: advance watermark SOURCE to 'timestamp'  or  advance time by 'interval'");
    }

    private SltOutcome Subscribe(SltDirective d)
    {
        // subscribe VIEW as NAME
        if (d.Words.Count != 4 || !d.Words[2].Equals("as", StringComparison.OrdinalIgnoreCase))
            throw new SltFormatException(d.File, d.Line, "expected: subscribe VIEW as NAME");
        var view = Name(d.Words[1]);
        var name = d.Words[3];
        if (engine.Catalog.Find(view) is not { } relation)
            throw new SqlStateException("42P01", $"relation \"{view}\" does not exist");
        if (_captures.Remove(name, out var old))
            old.Subscription.Dispose();
        var (contents, subscription) = engine.Runtime.SubscribeWithSnapshot(view);
        var snapshot = contents.Rows;
        var capture = new Capture(subscription, [.. relation.Columns.Where(c => !c.Hidden).Select(c => c.Type)]);
        if (snapshot.Count > 0)
            capture.Pending.Add((subscription.StartEpoch, snapshot.Select(r => new ChangeRow(r, 1)).ToList()));
        _captures[name] = capture;
        return new SltOutcome(null, null, null, null);
    }

    private SltOutcome Changes(SltDirective d)
    {
        if (d.Words.Count != 2)
            throw new SltFormatException(d.File, d.Line, "expected: changes NAME");
        if (!_captures.TryGetValue(d.Words[1], out var capture))
            throw new SltFormatException(d.File, d.Line, $"no subscription named '{d.Words[1]}': add 'subscribe VIEW as {d.Words[1]}' before it");
        while (capture.Subscription.Changes.TryRead(out var change))
            capture.Pending.Add((change.Epoch, change.Rows));
        if (capture.Subscription.Changes.Completion.IsFaulted)
            throw capture.Subscription.Changes.Completion.Exception!.InnerException!;

        var epochs = capture.Pending.Select(p => Consolidate(p.Rows, capture.Types)).Where(lines => lines.Count > 0).ToList();
        capture.Pending.Clear();
        var expected = d.ExpectedLines ?? [];
        var actual = AlignEpochs(epochs, expected);
        return new SltOutcome(actual.Select(l => (IReadOnlyList<string>)[l]).ToList(), actual.Count, null, null);
    }

    /// <summary>
    /// The lines of each epoch in order; within an epoch, ordered like the expected lines at the
    /// same place where they are the same multiset, so a multiset match prints as equal.
    /// </summary>
    private static List<string> AlignEpochs(List<List<string>> epochs, IReadOnlyList<string> expected)
    {
        var result = new List<string>();
        var at = 0;
        foreach (var lines in epochs)
        {
            var window = expected.Skip(at).Take(lines.Count).Select(SltResultComparer.NormalizeLine).ToList();
            var sorted = lines.Order(StringComparer.Ordinal).ToList();
            result.AddRange(window.Count == lines.Count && window.Order(StringComparer.Ordinal).SequenceEqual(sorted) ? window : sorted);
            at += lines.Count;
        }

        return result;
    }

    /// <summary>One epoch's changes with inserts and retractions of equal rows cancelled, as <c>+ v1 v2</c> / <c>- v1 v2</c> lines.</summary>
    private List<string> Consolidate(IReadOnlyList<ChangeRow> rows, DataType[] types)
    {
        var net = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in rows)
        {
            var text = string.Join(' ', row.Values.Take(types.Length).Select((v, i) =>
                SltResultComparer.FormatValue(ValueFormatter.Format(v, types[i], session.Settings.TimeZone))));
            if (!net.TryGetValue(text, out var n))
                order.Add(text);
            net[text] = n + row.Diff;
        }

        var lines = new List<string>();
        foreach (var text in order)
        {
            var n = net[text];
            for (var i = 0; i < Math.Abs(n); i++)
                lines.Add(SltResultComparer.NormalizeLine((n > 0 ? "+ " : "- ") + text));
        }

        return lines;
    }

    private static string Name(string word) =>
        word.Length >= 2 && word[0] == '"' && word[^1] == '"' ? word[1..^1] : word.ToLowerInvariant();

    private static string Quoted(string text, SltDirective d)
    {
        text = text.Trim();
        return text.Length >= 2 && text[0] == '\'' && text[^1] == '\''
            ? text[1..^1].Replace("''", "'", StringComparison.Ordinal)
            : throw new SltFormatException(d.File, d.Line, $"expected a quoted literal, not {text}");
    }

    public ValueTask DisposeAsync()
    {
        foreach (var c in _captures.Values)
            c.Subscription.Dispose();
        _captures.Clear();
        return ValueTask.CompletedTask;
    }

    private sealed class Capture(ViewSubscription subscription, DataType[] types)
    {
        public ViewSubscription Subscription { get; } = subscription;
        public DataType[] Types { get; } = types;
        public List<(long Epoch, IReadOnlyList<ChangeRow> Rows)> Pending { get; } = [];
    }

    private SltOutcome Ingest(SltDirective d) => IngestRecords(d);
}
