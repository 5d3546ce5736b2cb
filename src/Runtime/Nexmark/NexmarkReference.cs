namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// The final result of each benchmark query computed directly over materialised events with
/// plain dictionaries: an oracle that shares no code with the engine (tests check it against
/// DuckDB too). Values are in the runtime's representation (timestamps as microseconds,
/// NUMERIC as decimal). Windowed queries give every window's rows (the final state of an
/// EMIT ON UPDATE view once all input is processed; the generator is in order, so nothing is
/// late); q12's processing-time windows are not reproducible, so its reference is the bid count
/// per bidder over all windows (see <see cref="NexmarkResultComparer"/>).
/// </summary>
public static class NexmarkReference
{
    public static readonly IReadOnlyList<string> Queries = ["q0", "q1", "q2", "q3", "q4", "q5", "q7", "q8", "q11", "q12"];

    private const long Second = 1_000_000L;

    public static List<object?[]> Compute(string query, NexmarkEventSet events) => query switch
    {
        "q0" => Q0(events),
        "q1" => Q1(events),
        "q2" => Q2(events),
        "q3" => Q3(events),
        "q4" => Q4(events),
        "q5" => Q5(events),
        "q7" => Q7(events),
        "q8" => Q8(events),
        "q11" => Q11(events),
        "q12" => Q12(events),
        _ => throw new ArgumentException($"unknown nexmark query '{query}'; valid: {string.Join(", ", Queries)}", nameof(query)),
    };

    private static List<object?[]> Q0(NexmarkEventSet e)
    {
        var b = e.Bids;
        var rows = new List<object?[]>(e.BidCount);
        for (int i = 0; i < e.BidCount; i++)
            rows.Add([b.Auction![i], b.Bidder![i], b.Price![i], b.DateTime![i], b.Extra![i]]);
        return rows;
    }

    private static List<object?[]> Q1(NexmarkEventSet e)
    {
        var b = e.Bids;
        var rows = new List<object?[]>(e.BidCount);
        for (int i = 0; i < e.BidCount; i++)
            rows.Add([b.Auction![i], b.Bidder![i], 0.908m * b.Price![i], b.DateTime![i], b.Extra![i]]);
        return rows;
    }

    private static List<object?[]> Q2(NexmarkEventSet e)
    {
        var b = e.Bids;
        var rows = new List<object?[]>();
        for (int i = 0; i < e.BidCount; i++)
            if (b.Auction![i] % 123 == 0)
                rows.Add([b.Auction[i], b.Price![i]]);
        return rows;
    }

    private static List<object?[]> Q3(NexmarkEventSet e)
    {
        var people = new Dictionary<long, int>();
        for (int i = 0; i < e.PersonCount; i++)
            people[e.People.Id![i]] = i;
        var rows = new List<object?[]>();
        var a = e.Auctions;
        for (int i = 0; i < e.AuctionCount; i++)
        {
            if (a.Category![i] != 10 || !people.TryGetValue(a.Seller![i], out int p))
                continue;
            string state = e.People.State![p]!;
            if (state is "OR" or "ID" or "CA")
                rows.Add([e.People.Name![p], e.People.City![p], state, a.Id![i]]);
        }
        return rows;
    }

    private static List<object?[]> Q4(NexmarkEventSet e)
    {
        var a = e.Auctions;
        var auctionAt = new Dictionary<long, int>();
        for (int i = 0; i < e.AuctionCount; i++)
            auctionAt[a.Id![i]] = i;
        var winning = new Dictionary<int, long>();
        var b = e.Bids;
        for (int i = 0; i < e.BidCount; i++)
        {
            if (!auctionAt.TryGetValue(b.Auction![i], out int x))
                continue;
            long t = b.DateTime![i];
            if (t < a.DateTime![x] || t > a.Expires![x])
                continue;
            winning[x] = winning.TryGetValue(x, out long best) ? Math.Max(best, b.Price![i]) : b.Price![i];
        }
        var perCategory = new SortedDictionary<long, (decimal Sum, long Count)>();
        foreach (var (x, price) in winning)
        {
            long category = a.Category![x];
            perCategory.TryGetValue(category, out var acc);
            perCategory[category] = (acc.Sum + price, acc.Count + 1);
        }
        return [.. perCategory.Select(c => new object?[] { c.Key, c.Value.Sum / c.Value.Count })];
    }

    private static List<object?[]> Q5(NexmarkEventSet e)
    {
        const long slide = 2 * Second, size = 10 * Second;
        var counts = new Dictionary<(long Auction, long Start), long>();
        var b = e.Bids;
        for (int i = 0; i < e.BidCount; i++)
        {
            long t = b.DateTime![i];
            for (long start = FloorTo(t, slide); start > t - size; start -= slide)
            {
                var key = (b.Auction![i], start);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        var max = new Dictionary<long, long>();
        foreach (var ((_, start), n) in counts)
            max[start] = Math.Max(max.GetValueOrDefault(start), n);
        var rows = new List<object?[]>();
        foreach (var ((auction, start), n) in counts)
            if (n >= max[start])
                rows.Add([auction, n]);
        return rows;
    }

    private static List<object?[]> Q7(NexmarkEventSet e)
    {
        const long size = 10 * Second;
        var maxByEnd = new Dictionary<long, long>();
        var b = e.Bids;
        for (int i = 0; i < e.BidCount; i++)
        {
            long end = FloorTo(b.DateTime![i], size) + size;
            maxByEnd[end] = maxByEnd.TryGetValue(end, out long m) ? Math.Max(m, b.Price![i]) : b.Price![i];
        }
        var rows = new List<object?[]>();
        for (int i = 0; i < e.BidCount; i++)
        {
            long t = b.DateTime![i];
            // Window ends within [t, t + size]: the bid's own window, and the one ending exactly at t.
            for (long end = CeilTo(t, size); end <= t + size; end += size)
                if (maxByEnd.TryGetValue(end, out long m) && m == b.Price![i])
                    rows.Add([b.Auction![i], b.Price[i], b.Bidder![i], t, b.Extra![i]]);
        }
        return rows;
    }

    private static List<object?[]> Q8(NexmarkEventSet e)
    {
        const long size = 10 * Second;
        var sellers = new HashSet<(long Seller, long Start)>();
        for (int i = 0; i < e.AuctionCount; i++)
            sellers.Add((e.Auctions.Seller![i], FloorTo(e.Auctions.DateTime![i], size)));
        var people = new HashSet<(long Id, string Name, long Start)>();
        for (int i = 0; i < e.PersonCount; i++)
            people.Add((e.People.Id![i], e.People.Name![i]!, FloorTo(e.People.DateTime![i], size)));
        return [.. people.Where(p => sellers.Contains((p.Id, p.Start))).Select(p => new object?[] { p.Id, p.Name, p.Start })];
    }

    private static List<object?[]> Q11(NexmarkEventSet e)
    {
        const long gap = 10 * Second;
        // Bids arrive in time order, so each bidder's times are already sorted.
        var open = new Dictionary<long, (long Start, long Last, long Count)>();
        var rows = new List<object?[]>();
        var b = e.Bids;
        for (int i = 0; i < e.BidCount; i++)
        {
            long bidder = b.Bidder![i], t = b.DateTime![i];
            if (open.TryGetValue(bidder, out var s) && t - s.Last < gap)
            {
                open[bidder] = (s.Start, t, s.Count + 1);
                continue;
            }
            if (s.Count > 0)
                rows.Add([bidder, s.Count, s.Start, s.Last + gap]);
            open[bidder] = (t, t, 1);
        }
        foreach (var (bidder, s) in open)
            rows.Add([bidder, s.Count, s.Start, s.Last + gap]);
        return rows;
    }

    private static List<object?[]> Q12(NexmarkEventSet e)
    {
        var counts = new Dictionary<long, long>();
        for (int i = 0; i < e.BidCount; i++)
            counts[e.Bids.Bidder![i]] = counts.GetValueOrDefault(e.Bids.Bidder[i]) + 1;
        return [.. counts.Select(c => new object?[] { c.Key, c.Value })];
    }

    private static long FloorTo(long t, long unit) => t - ((t % unit) + unit) % unit;

    private static long CeilTo(long t, long unit) => -FloorTo(-t, unit);
}
