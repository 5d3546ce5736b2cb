namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// Destination arrays for generated bids, one per column of <see cref="NexmarkSchema.Bid"/>;
/// a null array is a column nobody reads (see <see cref="PersonColumns"/>).
/// </summary>
public sealed class BidColumns
{
    public long[]? Auction { get; init; }
    public long[]? Bidder { get; init; }
    public long[]? Price { get; init; }
    public string?[]? Channel { get; init; }
    public string?[]? Url { get; init; }
    /// <summary>Microseconds since the epoch.</summary>
    public long[]? DateTime { get; init; }
    public string?[]? Extra { get; init; }

    public static BidColumns Allocate(int capacity, bool withExtra = true) => new()
    {
        Auction = new long[capacity],
        Bidder = new long[capacity],
        Price = new long[capacity],
        Channel = new string?[capacity],
        Url = new string?[capacity],
        DateTime = new long[capacity],
        Extra = withExtra ? new string?[capacity] : null,
    };
}
