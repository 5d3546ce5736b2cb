namespace StreamSql.Planner.Binding;

/// <summary>The aggregate calls of one SELECT, in first-seen order, with their arguments bound over the FROM scope; equal calls share one slot.</summary>
internal sealed class AggregateCollector
{
    public List<AggregateCall> Calls { get; } = [];

    /// <summary>Spans of the first occurrence of each call, for messages.</summary>
    public List<Parser.Diagnostics.TextSpan> Spans { get; } = [];

    public BoundAggregateRef Add(AggregateCall call, Parser.Diagnostics.TextSpan span)
    {
        for (var i = 0; i < Calls.Count; i++)
        {
            if (SameCall(Calls[i], call))
            {
                return new BoundAggregateRef(i, call.Type);
            }
        }

        Calls.Add(call);
        Spans.Add(span);
        return new BoundAggregateRef(Calls.Count - 1, call.Type);
    }

    private static bool SameCall(AggregateCall a, AggregateCall b) =>
        a.Signature == b.Signature && a.Distinct == b.Distinct && Equals(a.Filter, b.Filter)
        && a.Arguments.SequenceEqual(b.Arguments) && a.OrderBy.SequenceEqual(b.OrderBy);
}
