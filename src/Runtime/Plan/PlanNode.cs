using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Plan;

/// <summary>
/// A node of a physical plan: what the runtime executes, incrementally for a materialized view or
/// sink, or once over committed snapshots for a plain query. Immutable. Column references in a
/// node's expressions and key lists index its input's <see cref="Schema"/> (for joins: the left
/// columns followed by the right ones).
/// </summary>
public abstract record PlanNode
{
    /// <summary>Output columns, names and types.</summary>
    public abstract RowSchema Schema { get; }

    public abstract ImmutableArray<PlanNode> Inputs { get; }

    /// <summary>What kind of changes this node emits, derived from its inputs.</summary>
    public virtual ChangelogMode Mode =>
        Inputs.Any(i => i.Mode != ChangelogMode.AppendOnly) ? ChangelogMode.Retracting : ChangelogMode.AppendOnly;

    /// <summary>Output columns that identify a row when <see cref="Mode"/> is <see cref="ChangelogMode.Upsert"/>.</summary>
    public virtual ImmutableArray<int> UpsertKey => ImmutableArray<int>.Empty;

    /// <summary>The node name and its parameters on one line, as EXPLAIN prints it.</summary>
    public abstract string Describe();
}

/// <summary>Reads a table: its committed contents once, then its per-epoch deltas.</summary>
public sealed record TableScanNode(string Table, RowSchema TableSchema, bool AppendOnly = false) : PlanNode
{
    public override RowSchema Schema => TableSchema;
    public override ImmutableArray<PlanNode> Inputs => [];
    public override ChangelogMode Mode => AppendOnly ? ChangelogMode.AppendOnly : ChangelogMode.Retracting;
    public override string Describe() => $"TableScan {Table}";
}

/// <summary>Reads a source: only rows that arrive after the dataflow starts (sources keep no history).</summary>
public sealed record SourceScanNode(string Source, RowSchema SourceSchema) : PlanNode
{
    public override RowSchema Schema => SourceSchema;
    public override ImmutableArray<PlanNode> Inputs => [];
    public override ChangelogMode Mode => ChangelogMode.AppendOnly;
    public override string Describe() => $"SourceScan {Source}";
}

/// <summary>Reads another materialized view: its committed contents, then its per-epoch deltas.</summary>
public sealed record ViewScanNode(string View, RowSchema ViewSchema, bool AppendOnly = false) : PlanNode
{
    public override RowSchema Schema => ViewSchema;
    public override ImmutableArray<PlanNode> Inputs => [];
    public override ChangelogMode Mode => AppendOnly ? ChangelogMode.AppendOnly : ChangelogMode.Retracting;
    public override string Describe() => $"ViewScan {View}";
}

/// <summary>Constant rows (each expression over no input columns), emitted once as inserts.</summary>
public sealed record ValuesNode(RowSchema ValuesSchema, ImmutableArray<ImmutableArray<PlanExpression>> Rows) : PlanNode
{
    public override RowSchema Schema => ValuesSchema;
    public override ImmutableArray<PlanNode> Inputs => [];
    public override ChangelogMode Mode => ChangelogMode.AppendOnly;
    public override string Describe() => $"Values {Rows.Length} rows";
}

/// <summary>Keeps rows whose predicate is true (not NULL); fills the selection vector.</summary>
public sealed record FilterNode(PlanNode Input, PlanExpression Predicate) : PlanNode
{
    public override RowSchema Schema => Input.Schema;
    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override string Describe() => "Filter";
}

/// <summary>
/// Computes one output column per expression; bare column references are re-pointed, not copied.
/// <see cref="ProcessingTimeColumns"/> hold the epoch's processing time (<c>proctime()</c>): their
/// watermark advances to it at the end of every epoch.
/// </summary>
public sealed record ProjectNode(PlanNode Input, ImmutableArray<PlanExpression> Expressions, RowSchema ProjectSchema) : PlanNode
{
    public ImmutableArray<int> ProcessingTimeColumns { get; init; } = [];

    public override RowSchema Schema => ProjectSchema;
    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override string Describe() => $"Project {Expressions.Length} columns";
}

/// <summary>
/// TUMBLE or HOP over a timestamp/timestamptz column: appends window_start and window_end
/// (same type as the time column). Window starts are aligned to multiples of the slide (the
/// size for TUMBLE) plus <paramref name="Offset"/> from 1970-01-01. Sizes must be fixed-length
/// (no months). A row whose every window is already closed by the watermark is late.
/// </summary>
public sealed record WindowAssignNode(PlanNode Input, WindowKind Kind, int TimeColumn, Interval Size, Interval Slide, Interval Offset = default)
    : PlanNode
{
    public override RowSchema Schema => Input.Schema.Append(
        new RowField("window_start", Input.Schema[TimeColumn].Type),
        new RowField("window_end", Input.Schema[TimeColumn].Type));

    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override string Describe() => $"WindowAssign {Kind} time=#{TimeColumn} size={Size.TotalMicros}us slide={Slide.TotalMicros}us";

    public static WindowAssignNode Tumble(PlanNode input, int timeColumn, Interval size, Interval offset = default) =>
        new(input, WindowKind.Tumble, timeColumn, size, size, offset);

    public static WindowAssignNode Hop(PlanNode input, int timeColumn, Interval slide, Interval size, Interval offset = default) =>
        new(input, WindowKind.Hop, timeColumn, size, slide, offset);
}

/// <summary>
/// Group-by aggregation. Output: the group key columns (in <paramref name="GroupKeys"/> order)
/// then one column per aggregate. Without group keys it emits exactly one row (count 0 / NULLs on
/// empty input). <paramref name="WindowKey"/> is the position within <paramref name="GroupKeys"/> of
/// a window column (window_start or window_end) whose watermark closes groups: a closed group is
/// emitted (ON WINDOW CLOSE) or simply frees its state (ON UPDATE), and later rows for it are late.
/// </summary>
public sealed record HashAggregateNode(
    PlanNode Input,
    ImmutableArray<int> GroupKeys,
    ImmutableArray<AggregateCall> Aggregates,
    RowSchema AggregateSchema,
    EmitMode Emit = EmitMode.OnUpdate,
    int? WindowKey = null) : PlanNode
{
    public override RowSchema Schema => AggregateSchema;
    public override ImmutableArray<PlanNode> Inputs => [Input];

    public override ChangelogMode Mode => Emit == EmitMode.OnWindowClose ? ChangelogMode.AppendOnly : ChangelogMode.Upsert;

    public override ImmutableArray<int> UpsertKey => [.. Enumerable.Range(0, GroupKeys.Length)];

    public override string Describe() =>
        $"HashAggregate keys=[{string.Join(",", GroupKeys.Select(k => "#" + k))}] aggs=[{string.Join(",", Aggregates.Select(a => a.Function))}] emit={Emit}";
}

/// <summary>
/// SESSION windows per group key: rows of one key closer than <paramref name="Gap"/> form one
/// session. Output: the group keys, window_start (first row's time), window_end (last row's time
/// + gap), then the aggregates. A session closes when the watermark reaches its end.
/// </summary>
public sealed record SessionWindowAggregateNode(
    PlanNode Input,
    ImmutableArray<int> GroupKeys,
    int TimeColumn,
    Interval Gap,
    ImmutableArray<AggregateCall> Aggregates,
    RowSchema AggregateSchema,
    EmitMode Emit = EmitMode.OnUpdate) : PlanNode
{
    public override RowSchema Schema => AggregateSchema;
    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override ChangelogMode Mode => Emit == EmitMode.OnWindowClose ? ChangelogMode.AppendOnly : ChangelogMode.Retracting;
    public override string Describe() => $"SessionWindowAggregate gap={Gap.TotalMicros}us emit={Emit}";
}

/// <summary>
/// An equi-join (plus an optional residual condition over left ++ right columns). Output: left
/// columns then right columns; unmatched rows of an outer side are padded with NULLs and
/// retracted when a match appears. An empty key list is a cross join. A key containing NULL matches
/// nothing, except in the keys <paramref name="NullSafeKeys"/> marks (<c>IS NOT DISTINCT FROM</c>).
/// </summary>
public sealed record JoinNode(
    PlanNode Left,
    PlanNode Right,
    JoinKind Kind,
    ImmutableArray<int> LeftKeys,
    ImmutableArray<int> RightKeys,
    PlanExpression? Residual = null,
    JoinVariant Variant = JoinVariant.Regular,
    IntervalJoinBounds? Bounds = null,
    ImmutableArray<bool> NullSafeKeys = default) : PlanNode
{
    public override RowSchema Schema => Left.Schema.Concat(Right.Schema);
    public override ImmutableArray<PlanNode> Inputs => [Left, Right];

    public override ChangelogMode Mode =>
        Kind == JoinKind.Inner && Left.Mode == ChangelogMode.AppendOnly && Right.Mode == ChangelogMode.AppendOnly
            ? ChangelogMode.AppendOnly
            : ChangelogMode.Retracting;

    public override string Describe() =>
        $"Join {Kind} {Variant} on [{string.Join(",", LeftKeys.Zip(RightKeys, (l, r) => $"#{l}=#{r}").Select((k, i) => !NullSafeKeys.IsDefault && NullSafeKeys[i] ? k.Replace("=", "<=>") : k))}]{(Residual is null ? "" : " +residual")}";
}

/// <summary>
/// Top-N per partition: keeps the rows ranked <c>Offset+1 .. Offset+Limit</c> by
/// <paramref name="OrderBy"/> (ties broken by the whole row, so results are deterministic).
/// With <paramref name="RowNumber"/> a bigint rank column (1-based within the kept rows plus
/// offset) is appended. Limit 1 with the partition keys as the DISTINCT ON keys is dedup.
/// A null <paramref name="Limit"/> keeps every row after the offset.
/// </summary>
public sealed record TopNNode(
    PlanNode Input,
    ImmutableArray<int> PartitionKeys,
    ImmutableArray<SortKey> OrderBy,
    long? Limit,
    long Offset = 0,
    bool RowNumber = false) : PlanNode
{
    public override RowSchema Schema => RowNumber
        ? Input.Schema.Append(new RowField("row_number", DataType.Int64))
        : Input.Schema;

    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override ChangelogMode Mode => ChangelogMode.Retracting;
    public override string Describe() => $"TopN limit={Limit?.ToString() ?? "all"} offset={Offset} partition=[{string.Join(",", PartitionKeys.Select(k => "#" + k))}]";
}

/// <summary>Set semantics: each distinct row once, while its multiplicity is positive.</summary>
public sealed record DistinctNode(PlanNode Input) : PlanNode
{
    public override RowSchema Schema => Input.Schema;
    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override ChangelogMode Mode => ChangelogMode.Retracting;
    public override string Describe() => "Distinct";
}

/// <summary>Concatenates inputs with identical column types; output names are the first input's.</summary>
public sealed record UnionAllNode(ImmutableArray<PlanNode> Children) : PlanNode
{
    public override RowSchema Schema => Children[0].Schema;
    public override ImmutableArray<PlanNode> Inputs => Children;
    public override string Describe() => $"UnionAll {Children.Length} inputs";
}

/// <summary>
/// <c>CROSS JOIN LATERAL unnest(array) [WITH ORDINALITY]</c>: one output row per element of the
/// array expression (none for NULL or empty), appending the element and, with ordinality, its
/// 1-based bigint position.
/// </summary>
public sealed record UnnestNode(PlanNode Input, PlanExpression Array, string ElementName = "unnest", bool WithOrdinality = false, string OrdinalityName = "ordinality")
    : PlanNode
{
    public DataType ElementType => Array.Type.Element ?? DataType.Unknown;

    public override RowSchema Schema => WithOrdinality
        ? Input.Schema.Append(new RowField(ElementName, ElementType), new RowField(OrdinalityName, DataType.Int64))
        : Input.Schema.Append(new RowField(ElementName, ElementType));

    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override string Describe() => $"Unnest{(WithOrdinality ? " WITH ORDINALITY" : "")}";
}

/// <summary>Orders the final result of a one-shot query (no effect on a maintained view's contents).</summary>
public sealed record SortNode(PlanNode Input, ImmutableArray<SortKey> Keys) : PlanNode
{
    public override RowSchema Schema => Input.Schema;
    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override string Describe() => "Sort";
}

/// <summary>LIMIT/OFFSET of a one-shot query, applied after its <see cref="SortNode"/>.</summary>
/// <param name="LimitExpression">
/// When set, the limit is this expression's value (over parameters only), evaluated as the dataflow is
/// built, instead of <paramref name="Limit"/>; null is no limit, a negative value is 2201W.
/// </param>
/// <param name="OffsetExpression">As <paramref name="LimitExpression"/>, for the offset (negative: 2201X).</param>
public sealed record LimitNode(PlanNode Input, long? Limit, long Offset = 0,
    PlanExpression? LimitExpression = null, PlanExpression? OffsetExpression = null) : PlanNode
{
    public override RowSchema Schema => Input.Schema;
    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override string Describe() =>
        $"Limit {(LimitExpression is null ? Limit?.ToString() ?? "all" : "(parameter)")} offset {(OffsetExpression is null ? Offset.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(parameter)")}";
}

/// <summary>
/// EMIT ON WINDOW CLOSE for a plain (unaggregated) query over a watermarked input: rows are held
/// until the watermark on <paramref name="TimeColumn"/> passes them (time &lt; watermark), then
/// released as append-only output. Rows already behind the watermark on arrival are late.
/// </summary>
public sealed record WatermarkFilterNode(PlanNode Input, int TimeColumn) : PlanNode
{
    public override RowSchema Schema => Input.Schema;
    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override ChangelogMode Mode => ChangelogMode.AppendOnly;
    public override string Describe() => $"WatermarkFilter time=#{TimeColumn}";
}

/// <summary>
/// The indexed state of a materialized view: rows with multiplicity (empty <paramref name="Key"/>)
/// or one row per key. Its committed contents answer SELECT; its per-epoch consolidated delta goes
/// to subscribers and to views built on this one.
/// </summary>
public sealed record MaterializeNode(PlanNode Input, ImmutableArray<int> Key = default) : PlanNode
{
    public ImmutableArray<int> KeyColumns => Key.IsDefault ? ImmutableArray<int>.Empty : Key;
    public override RowSchema Schema => Input.Schema;
    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override string Describe() => KeyColumns.IsEmpty ? "Materialize" : $"Materialize key=[{string.Join(",", KeyColumns.Select(k => "#" + k))}]";
}

/// <summary>Delivers the input's per-epoch changes to the named sink (an <c>ISink</c> registered with the runtime).</summary>
public sealed record SinkNode(PlanNode Input, string Sink) : PlanNode
{
    public override RowSchema Schema => Input.Schema;
    public override ImmutableArray<PlanNode> Inputs => [Input];
    public override string Describe() => $"Sink {Sink}";
}
