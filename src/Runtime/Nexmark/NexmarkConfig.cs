namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// Parameters of the standard Nexmark generator (defaults as NexmarkConfiguration and the
/// generator constants publish them). Event <c>n</c> happens at
/// <c>BaseTimeMs + floor(n * 1e6 / EventsPerSecond) / 1000</c> ms: <see cref="EventsPerSecond"/>
/// sets how fast event time advances, not how fast events are produced.
/// </summary>
public sealed record NexmarkConfig
{
    /// <summary>2015-07-15T00:00:00Z, the base time of RisingWave's nexmark-bench, so runs are reproducible.</summary>
    public const long DefaultBaseTimeMs = 1_436_918_400_000L;

    public long BaseTimeMs { get; init; } = DefaultBaseTimeMs;

    /// <summary>Events per second of event time (NexmarkConfiguration's first-event rate).</summary>
    public double EventsPerSecond { get; init; } = 10_000;

    /// <summary>0 reproduces the reference generator's draws; other seeds give other, equally distributed streams.</summary>
    public long Seed { get; init; }

    public int PersonProportion { get; init; } = 1;
    public int AuctionProportion { get; init; } = 3;
    public int BidProportion { get; init; } = 46;

    public int NumActivePeople { get; init; } = 1000;
    public int NumInFlightAuctions { get; init; } = 100;

    /// <summary>P(bid on a hot auction) = 1 - 1/ratio.</summary>
    public int HotAuctionRatio { get; init; } = 2;
    /// <summary>P(auction by a hot seller) = 1 - 1/ratio.</summary>
    public int HotSellersRatio { get; init; } = 4;
    /// <summary>P(bid by a hot bidder) = 1 - 1/ratio.</summary>
    public int HotBiddersRatio { get; init; } = 4;

    public int AvgPersonByteSize { get; init; } = 200;
    public int AvgAuctionByteSize { get; init; } = 500;
    public int AvgBidByteSize { get; init; } = 100;

    public int TotalProportion => PersonProportion + AuctionProportion + BidProportion;

    /// <summary>Microseconds of event time between consecutive events.</summary>
    public double InterEventDelayUs => 1_000_000.0 / EventsPerSecond;

    /// <summary>The first problem with these parameters, or null when they are usable.</summary>
    public string? Validate()
    {
        if (!(EventsPerSecond > 0) || double.IsInfinity(EventsPerSecond))
            return "rate must be a positive number of events per second";
        if (PersonProportion < 1 || AuctionProportion < 1 || BidProportion < 1)
            return "every event proportion must be at least 1";
        if (NumActivePeople < 1 || NumInFlightAuctions < 1)
            return "active people and in-flight auctions must be at least 1";
        if (HotAuctionRatio < 1 || HotSellersRatio < 1 || HotBiddersRatio < 1)
            return "hot ratios must be at least 1";
        return null;
    }
}
