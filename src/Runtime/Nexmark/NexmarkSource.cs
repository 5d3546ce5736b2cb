using System.Globalization;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// The <c>nexmark</c> source connector: one of the three Nexmark tables of the standard generator.
/// A poll for up to N rows covers the next N events of the stream (so it yields N rows of bids at
/// most, and fewer of the rarer kinds). It generates in <see cref="Poll"/>, straight into the builder's column arrays, so there is no
/// background task and no buffer to copy through; the position is the next event number, so a
/// replay from a logged position regenerates exactly the same rows. The declared columns may be
/// any subset of the table's, in any order; columns nobody declared are not built.
/// </summary>
public sealed class NexmarkSource : ISource, IColumnSelectingSource, IPacedSource, IReplayableSource
{
    private static readonly TimeSpan PaceTick = TimeSpan.FromMilliseconds(20);

    private readonly NexmarkSourceOptions options;
    private readonly NexmarkGenerator generator;
    private readonly int[] columnOfField;
    private bool[]? required;
    private SourceContext? context;
    private ITimer? paceTimer;
    private long startedAtTicks;
    private long startEvent;
    private long nextEvent;

    /// <summary>
    /// Checks <paramref name="schema"/> against the table: every declared column must be one of
    /// its columns with a matching type (TIMESTAMP or TIMESTAMPTZ for times), else 42703 / 42804.
    /// </summary>
    public NexmarkSource(NexmarkSourceOptions options, RowSchema schema)
        : this(options, schema, new NexmarkGenerator(options.Config))
    {
    }

    /// <summary>As above, sharing a generator (its channel tables are built once).</summary>
    public NexmarkSource(NexmarkSourceOptions options, RowSchema schema, NexmarkGenerator generator)
    {
        this.options = options;
        this.generator = generator;
        Schema = schema;
        var table = NexmarkSchema.Of(options.Table);
        columnOfField = new int[table.Count];
        Array.Fill(columnOfField, -1);
        for (int c = 0; c < schema.Count; c++)
        {
            var declared = schema[c];
            int field = -1;
            for (int f = 0; f < table.Count; f++)
                if (string.Equals(table[f].Name, declared.Name, StringComparison.OrdinalIgnoreCase))
                    field = f;
            if (field < 0)
                throw new SqlStateException("42703",
                    $"column \"{declared.Name}\" is not a column of nexmark table {NexmarkSchema.NameOf(options.Table)}",
                    hint: "valid columns: " + string.Join(", ", table.Fields.Select(f => f.Name)));
            if (!Compatible(table[field].Type, declared.Type))
                throw new SqlStateException("42804",
                    $"column \"{declared.Name}\" of nexmark table {NexmarkSchema.NameOf(options.Table)} is {table[field].Type}, not {declared.Type}");
            columnOfField[field] = c;
        }
    }

    /// <summary>The connector from a <c>WITH</c> clause and the declared columns (see <see cref="NexmarkSourceOptions.Parse"/>).</summary>
    public static NexmarkSource Create(IReadOnlyDictionary<string, string> options, RowSchema schema) =>
        new(NexmarkSourceOptions.Parse(options), schema);

    public RowSchema Schema { get; }

    /// <summary>
    /// Declares that only these columns (indexes into <see cref="Schema"/>) are read downstream;
    /// the others are not generated and keep whatever the builder's buffers held, so a runtime
    /// may call this only when no reader looks at them. Skipping <c>extra</c> makes bids about six
    /// times cheaper to generate. Null reads every column again.
    /// </summary>
    public void RequireOnly(IReadOnlyCollection<int>? columns)
    {
        if (columns is null)
        {
            required = null;
            return;
        }
        var mask = new bool[Schema.Count];
        foreach (int c in columns)
        {
            if (c < 0 || c >= mask.Length)
                throw new ArgumentOutOfRangeException(nameof(columns), c, $"the source has {mask.Length} columns");
            mask[c] = true;
        }
        required = mask;
    }

    public NexmarkSourceOptions Options => options;

    /// <summary>The next event number to generate (all kinds counted).</summary>
    public long NextEvent => nextEvent;

    public bool HasPending => nextEvent < AllowedEnd();

    public bool IsExhausted => options.Events is { } events && nextEvent >= events;

    public void Start(SourceContext context)
    {
        this.context = context;
        nextEvent = 0;
        if (context.StartPosition is { Value.Length: > 0 } position)
        {
            if (!long.TryParse(position.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out nextEvent) || nextEvent < 0)
                throw new SqlStateException(SqlStateException.InvalidParameterValue,
                    $"invalid nexmark source position '{position.Value}': expected an event number");
        }
        startEvent = nextEvent;
        startedAtTicks = context.Time.GetTimestamp();
        paceTimer?.Dispose();
        paceTimer = null;
        if (options.Events is null)
            paceTimer = context.Time.CreateTimer(static s => ((NexmarkSource)s!).Tick(), this, PaceTick, PaceTick);
        else
            context.DataAvailable();
    }

    public SourcePosition Poll(BatchBuilder builder, int maxRows)
    {
        long end = AllowedEnd();
        if (maxRows > 0 && nextEvent < end)
        {
            // At most maxRows events of the whole stream, not rows of this table: the sources of
            // one stream (person, auction, bid) then advance through event time together, as the
            // single generator they stand for would, instead of one running far ahead.
            long to = Math.Min(end, nextEvent + maxRows);
            int rows = (int)generator.CountEvents(options.Table, nextEvent, to);
            if (rows > 0)
            {
                builder.Reserve(rows);
                int at = builder.Count;
                int written = options.Table switch
                {
                    NexmarkTable.Person => generator.FillPeople(nextEvent, to, PersonTarget(builder), at),
                    NexmarkTable.Auction => generator.FillAuctions(nextEvent, to, AuctionTarget(builder), at),
                    _ => generator.FillBids(nextEvent, to, BidTarget(builder), at),
                };
                builder.WeightArray.AsSpan(at, written).Fill(1);
                builder.Commit(written);
            }
            nextEvent = to;
        }
        return new SourcePosition(nextEvent.ToString(CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync()
    {
        paceTimer?.Dispose();
        paceTimer = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>Events that may be produced now: all of a bounded stream, or those due by the wall clock.</summary>
    private long AllowedEnd()
    {
        if (options.Events is { } events)
            return events;
        if (context is null)
            return nextEvent;
        double seconds = context.Time.GetElapsedTime(startedAtTicks).TotalSeconds;
        return startEvent + (long)(seconds * options.Config.EventsPerSecond);
    }

    /// <summary>
    /// Its position counts events of every kind while it produces one kind, so an epoch run again reads
    /// up to the logged event (the same number of rows could stop before trailing events of other kinds).
    /// </summary>
    public bool HasReached(SourcePosition end) => nextEvent >= EventOf(end);

    public SourcePosition PollTo(BatchBuilder builder, SourcePosition end) =>
        Poll(builder, (int)Math.Clamp(EventOf(end) - nextEvent, 0, int.MaxValue));

    private static long EventOf(SourcePosition position) =>
        long.TryParse(position.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long e) ? e : 0;

    /// <summary>Every event up to <paramref name="position"/> is due now; the pace goes on from there.</summary>
    public void CatchUpTo(SourcePosition position)
    {
        if (context is null || options.Events is not null
            || !long.TryParse(position.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long to) || to <= AllowedEnd())
            return;
        startEvent = to;
        startedAtTicks = context.Time.GetTimestamp();
    }

    private void Tick()
    {
        if (HasPending)
            context?.DataAvailable();
    }

    private long[]? Longs(BatchBuilder builder, int field) =>
        Wanted(field) is int c ? builder.ColumnAt<long>(c).Values : null;

    private string?[]? Texts(BatchBuilder builder, int field) =>
        Wanted(field) is int c ? builder.ColumnAt<string?>(c).Values : null;

    /// <summary>The builder column a generated field goes to, or null when nobody reads it.</summary>
    private int? Wanted(int field)
    {
        int c = columnOfField[field];
        return c >= 0 && (required is null || required[c]) ? c : null;
    }

    private PersonColumns PersonTarget(BatchBuilder b) => new()
    {
        Id = Longs(b, 0), Name = Texts(b, 1), EmailAddress = Texts(b, 2), CreditCard = Texts(b, 3),
        City = Texts(b, 4), State = Texts(b, 5), DateTime = Longs(b, 6), Extra = Texts(b, 7),
    };

    private AuctionColumns AuctionTarget(BatchBuilder b) => new()
    {
        Id = Longs(b, 0), ItemName = Texts(b, 1), Description = Texts(b, 2), InitialBid = Longs(b, 3),
        Reserve = Longs(b, 4), DateTime = Longs(b, 5), Expires = Longs(b, 6), Seller = Longs(b, 7),
        Category = Longs(b, 8), Extra = Texts(b, 9),
    };

    private BidColumns BidTarget(BatchBuilder b) => new()
    {
        Auction = Longs(b, 0), Bidder = Longs(b, 1), Price = Longs(b, 2), Channel = Texts(b, 3),
        Url = Texts(b, 4), DateTime = Longs(b, 5), Extra = Texts(b, 6),
    };

    private static bool Compatible(DataType generated, DataType declared) => generated.Kind switch
    {
        TypeKind.Timestamp => declared.Kind is TypeKind.Timestamp or TypeKind.TimestampTz,
        _ => declared.Kind == generated.Kind,
    };
}
