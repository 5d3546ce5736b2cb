namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// Destination arrays for generated auctions, one per column of <see cref="NexmarkSchema.Auction"/>;
/// a null array is a column nobody reads (see <see cref="PersonColumns"/>).
/// </summary>
public sealed class AuctionColumns
{
    public long[]? Id { get; init; }
    public string?[]? ItemName { get; init; }
    public string?[]? Description { get; init; }
    public long[]? InitialBid { get; init; }
    public long[]? Reserve { get; init; }
    /// <summary>Microseconds since the epoch.</summary>
    public long[]? DateTime { get; init; }
    /// <summary>Microseconds since the epoch.</summary>
    public long[]? Expires { get; init; }
    public long[]? Seller { get; init; }
    public long[]? Category { get; init; }
    public string?[]? Extra { get; init; }

    public static AuctionColumns Allocate(int capacity, bool withExtra = true) => new()
    {
        Id = new long[capacity],
        ItemName = new string?[capacity],
        Description = new string?[capacity],
        InitialBid = new long[capacity],
        Reserve = new long[capacity],
        DateTime = new long[capacity],
        Expires = new long[capacity],
        Seller = new long[capacity],
        Category = new long[capacity],
        Extra = withExtra ? new string?[capacity] : null,
    };
}
