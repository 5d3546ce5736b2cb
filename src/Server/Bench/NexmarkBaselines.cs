using System.Runtime.InteropServices;
using StreamSql.Runtime.Nexmark;

namespace StreamSql.Server.Bench;

/// <summary>
/// The tightest hand-written loops for q1 and q5 over events already in memory: the practical
/// limit an engine can approach on one core. They do the queries' real work (q1 writes every
/// output column; q5 counts per auction in each of the five open 2s/10s windows, finds the
/// maximum when a window closes and emits the winners) and nothing else.
/// </summary>
public static class NexmarkBaselines
{
    private const long Second = 1_000_000L;

    /// <summary>q1 into preallocated output columns; returns the number of rows written.</summary>
    public static long Q1(BidColumns bids, int count)
    {
        var auction = new long[count];
        var bidder = new long[count];
        var price = new decimal[count];
        var time = new long[count];
        var extra = new string?[count];
        long[] inAuction = bids.Auction!, inBidder = bids.Bidder!, inPrice = bids.Price!, inTime = bids.DateTime!;
        string?[] inExtra = bids.Extra!;
        for (int i = 0; i < count; i++)
        {
            auction[i] = inAuction[i];
            bidder[i] = inBidder[i];
            price[i] = 0.908m * inPrice[i];
            time[i] = inTime[i];
            extra[i] = inExtra[i];
        }
        GC.KeepAlive(auction);
        GC.KeepAlive(bidder);
        GC.KeepAlive(price);
        GC.KeepAlive(time);
        GC.KeepAlive(extra);
        return count;
    }

    /// <summary>q5 over bids in time order; returns the number of (auction, num) rows emitted.</summary>
    public static long Q5(BidColumns bids, int count)
    {
        const long slide = 2 * Second, size = 10 * Second;
        const int open = (int)(size / slide);
        // One count table per open window, reused round-robin: window start s lives in slot (s / slide) % open.
        var counts = new Dictionary<long, int>[open];
        var starts = new long[open];
        for (int k = 0; k < open; k++)
        {
            counts[k] = new Dictionary<long, int>();
            starts[k] = long.MinValue;
        }
        long[] auctions = bids.Auction!, times = bids.DateTime!;
        long emitted = 0;
        long currentSlide = long.MinValue;
        for (int i = 0; i < count; i++)
        {
            long t = times[i];
            long first = t - (t % slide);
            if (first != currentSlide)
            {
                currentSlide = first;
                for (long s = first; s > t - size; s -= slide)
                {
                    int slot = (int)(s / slide % open);
                    if (starts[slot] != s)
                    {
                        if (starts[slot] != long.MinValue)
                            emitted += Close(counts[slot]);
                        starts[slot] = s;
                    }
                }
            }
            long auction = auctions[i];
            for (long s = first; s > t - size; s -= slide)
                CollectionsMarshal.GetValueRefOrAddDefault(counts[(int)(s / slide % open)], auction, out _)++;
        }
        // End of input: every window still open is final.
        for (int k = 0; k < open; k++)
            if (starts[k] != long.MinValue)
                emitted += Close(counts[k]);
        return emitted;
    }

    private static long Close(Dictionary<long, int> window)
    {
        int max = 0;
        foreach (var n in window.Values)
            if (n > max)
                max = n;
        long winners = 0;
        foreach (var n in window.Values)
            if (n == max)
                winners++;
        window.Clear();
        return winners;
    }
}
