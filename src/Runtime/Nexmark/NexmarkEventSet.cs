namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// All three tables of the first <see cref="Events"/> events, fully materialised in column arrays:
/// the input of reference computations and hand-written baselines, which need the same events
/// the engine sees without going through it.
/// </summary>
public sealed class NexmarkEventSet
{
    private NexmarkEventSet(long events, PersonColumns people, int personCount, AuctionColumns auctions,
        int auctionCount, BidColumns bids, int bidCount)
    {
        Events = events;
        People = people;
        PersonCount = personCount;
        Auctions = auctions;
        AuctionCount = auctionCount;
        Bids = bids;
        BidCount = bidCount;
    }

    public long Events { get; }
    public PersonColumns People { get; }
    public int PersonCount { get; }
    public AuctionColumns Auctions { get; }
    public int AuctionCount { get; }
    public BidColumns Bids { get; }
    public int BidCount { get; }

    /// <summary>
    /// Generates events [0, <paramref name="events"/>) of every kind, every column, except the
    /// <c>extra</c> padding (the bulk of the bytes) when <paramref name="withExtra"/> is false.
    /// </summary>
    public static NexmarkEventSet Generate(NexmarkGenerator generator, long events, bool withExtra = true)
    {
        int people = checked((int)generator.CountEvents(NexmarkTable.Person, 0, events));
        int auctions = checked((int)generator.CountEvents(NexmarkTable.Auction, 0, events));
        int bids = checked((int)generator.CountEvents(NexmarkTable.Bid, 0, events));
        var p = PersonColumns.Allocate(people, withExtra);
        var a = AuctionColumns.Allocate(auctions, withExtra);
        var b = BidColumns.Allocate(bids, withExtra);
        generator.FillPeople(0, events, p, 0);
        generator.FillAuctions(0, events, a, 0);
        generator.FillBids(0, events, b, 0);
        return new NexmarkEventSet(events, p, people, a, auctions, b, bids);
    }
}
