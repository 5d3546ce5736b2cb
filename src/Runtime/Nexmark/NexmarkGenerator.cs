using System.Collections.Immutable;
using System.Globalization;

namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// The standard Nexmark generator, reimplemented from its published description. Event
/// <c>n</c> is a pure function of <c>n</c> and the <see cref="NexmarkConfig"/>: its kind comes
/// from <c>n % 50</c> (1 person : 3 auctions : 46 bids), its time from the rate, and every
/// random choice from a <see cref="JavaRandom"/> seeded with its id. So any event range can be
/// generated independently and several generators can split the event space exactly.
/// Rows are written straight into column arrays; nothing is allocated per event except the
/// string values that are asked for. Instances are immutable and safe to share across threads.
/// </summary>
public sealed class NexmarkGenerator
{
    public const long FirstPersonId = 1000;
    public const long FirstAuctionId = 1000;
    public const long FirstCategoryId = 10;
    public const int NumCategories = 5;

    /// <summary>People and auction ids a little ahead of the last generated one may be referenced.</summary>
    private const int PersonIdLead = 10;
    private const int AuctionIdLead = 10;

    /// <summary>"Hot" ids are the first of each block of this many (the second, for bidders).</summary>
    private const int HotBlock = 100;

    private const int HotChannelsRatio = 2;
    private const int ChannelsNumber = 10_000;
    private const int MinStringLength = 3;

    private static readonly ImmutableArray<string> UsStates = ["AZ", "CA", "ID", "OR", "WA", "WY"];
    private static readonly ImmutableArray<string> UsCities =
        ["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"];
    private static readonly ImmutableArray<string> FirstNames =
        ["Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"];
    private static readonly ImmutableArray<string> LastNames =
        ["Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"];
    private static readonly ImmutableArray<string> HotChannels = ["Google", "Facebook", "Baidu", "Apple"];

    private readonly long seedMix;
    private readonly int total;
    private readonly int personProportion;
    private readonly int auctionProportion;
    private readonly double delayUs;
    private readonly long numEventsForAuctions;

    /// <summary>Every "First Last" combination, so a person's name allocates nothing.</summary>
    private readonly string[] personNames;
    private readonly string[] hotUrls;
    private readonly string[] channelNames;
    private readonly string[] channelUrls;

    public NexmarkGenerator(NexmarkConfig config)
    {
        if (config.Validate() is { } problem)
            throw new ArgumentException(problem, nameof(config));
        Config = config;
        seedMix = config.Seed == 0 ? 0 : unchecked(config.Seed * -7046029254386353131L);
        total = config.TotalProportion;
        personProportion = config.PersonProportion;
        auctionProportion = config.AuctionProportion;
        delayUs = config.InterEventDelayUs;
        numEventsForAuctions = (long)config.NumInFlightAuctions * total / auctionProportion;

        personNames = new string[FirstNames.Length * LastNames.Length];
        for (int f = 0; f < FirstNames.Length; f++)
            for (int l = 0; l < LastNames.Length; l++)
                personNames[f * LastNames.Length + l] = FirstNames[f] + " " + LastNames[l];

        // The reference generator draws these URLs from an unseeded random; they are seeded
        // here (by channel number and seed) so that a run is reproducible.
        hotUrls = new string[HotChannels.Length];
        for (int i = 0; i < hotUrls.Length; i++)
        {
            var r = new JavaRandom(seedMix ^ (-1L - i));
            hotUrls[i] = BaseUrl(ref r);
        }
        channelNames = new string[ChannelsNumber];
        channelUrls = new string[ChannelsNumber];
        for (int c = 0; c < ChannelsNumber; c++)
        {
            var r = new JavaRandom(seedMix ^ c);
            string url = BaseUrl(ref r);
            if (r.NextInt(10) > 0)
            {
                // Integer.reverse then Math.abs, which leaves int.MinValue negative.
                int reversed = ReverseBits(c);
                int id = reversed == int.MinValue ? reversed : Math.Abs(reversed);
                url = url + "&channel_id=" + id.ToString(CultureInfo.InvariantCulture);
            }
            channelNames[c] = "channel-" + c.ToString(CultureInfo.InvariantCulture);
            channelUrls[c] = url;
        }
    }

    public NexmarkConfig Config { get; }

    /// <summary>The kind of event number <paramref name="eventNumber"/>.</summary>
    public NexmarkTable KindOf(long eventNumber)
    {
        long offset = eventNumber % total;
        return offset < personProportion ? NexmarkTable.Person
            : offset < personProportion + auctionProportion ? NexmarkTable.Auction
            : NexmarkTable.Bid;
    }

    /// <summary>Event time of event <paramref name="eventNumber"/> in milliseconds since the epoch.</summary>
    public long TimestampMs(long eventNumber) => Config.BaseTimeMs + (long)(eventNumber * delayUs) / 1000L;

    /// <summary>Event time in microseconds (the runtime's TIMESTAMP representation).</summary>
    public long TimestampMicros(long eventNumber) => TimestampMs(eventNumber) * 1000L;

    /// <summary>How many events of <paramref name="table"/> the range [from, to) holds.</summary>
    public long CountEvents(NexmarkTable table, long from, long to)
    {
        if (to <= from)
            return 0;
        (int lo, int width) = Slot(table);
        return CountBelow(to, lo, width) - CountBelow(from, lo, width);
    }

    private long CountBelow(long x, int lo, int width) =>
        x / total * width + Math.Clamp((int)(x % total) - lo, 0, width);

    private (int Lo, int Width) Slot(NexmarkTable table) => table switch
    {
        NexmarkTable.Person => (0, personProportion),
        NexmarkTable.Auction => (personProportion, auctionProportion),
        _ => (personProportion + auctionProportion, total - personProportion - auctionProportion),
    };

    /// <summary>
    /// Writes the people among events [from, to) into <paramref name="into"/> from row
    /// <paramref name="row"/> on, and returns how many were written (<see cref="CountEvents"/>).
    /// </summary>
    public int FillPeople(long from, long to, PersonColumns into, int row)
    {
        int start = row;
        for (long n = FirstOfKind(NexmarkTable.Person, from); n < to; n = NextOfKind(NexmarkTable.Person, n))
            WritePerson(n, into, row++);
        return row - start;
    }

    /// <summary>Writes the auctions among events [from, to); see <see cref="FillPeople"/>.</summary>
    public int FillAuctions(long from, long to, AuctionColumns into, int row)
    {
        int start = row;
        for (long n = FirstOfKind(NexmarkTable.Auction, from); n < to; n = NextOfKind(NexmarkTable.Auction, n))
            WriteAuction(n, into, row++);
        return row - start;
    }

    /// <summary>Writes the bids among events [from, to); see <see cref="FillPeople"/>.</summary>
    public int FillBids(long from, long to, BidColumns into, int row)
    {
        int start = row;
        for (long n = FirstOfKind(NexmarkTable.Bid, from); n < to; n = NextOfKind(NexmarkTable.Bid, n))
            WriteBid(n, into, row++);
        return row - start;
    }

    /// <summary>The first event number at or after <paramref name="from"/> of the given kind.</summary>
    public long FirstOfKind(NexmarkTable table, long from)
    {
        (int lo, int width) = Slot(table);
        long epoch = from / total;
        int offset = (int)(from % total);
        if (offset < lo)
            return epoch * total + lo;
        if (offset < lo + width)
            return from;
        return (epoch + 1) * total + lo;
    }

    private long NextOfKind(NexmarkTable table, long n)
    {
        (int lo, int width) = Slot(table);
        int offset = (int)(n % total);
        return offset + 1 < lo + width ? n + 1 : n - offset + total + lo;
    }

    // ---- ids -------------------------------------------------------------------------

    /// <summary>Base-0 id of the last person generated at or before event <paramref name="eventId"/>.</summary>
    private long LastBase0PersonId(long eventId)
    {
        long epoch = eventId / total;
        long offset = eventId % total;
        if (offset >= personProportion)
            offset = personProportion - 1;
        return epoch * personProportion + offset;
    }

    /// <summary>Base-0 id of the last auction generated at or before event <paramref name="eventId"/>.</summary>
    private long LastBase0AuctionId(long eventId)
    {
        long epoch = eventId / total;
        long offset = eventId % total;
        if (offset < personProportion)
        {
            epoch--;
            offset = auctionProportion - 1;
        }
        else if (offset >= personProportion + auctionProportion)
        {
            offset = auctionProportion - 1;
        }
        else
        {
            offset -= personProportion;
        }
        return epoch * auctionProportion + offset;
    }

    /// <summary>A random active person, or one of a few not yet generated.</summary>
    private long NextBase0PersonId(long eventId, ref JavaRandom random)
    {
        long numPeople = LastBase0PersonId(eventId) + 1;
        long activePeople = Math.Min(numPeople, Config.NumActivePeople);
        long n = random.NextLong(activePeople + PersonIdLead);
        return numPeople - activePeople + n;
    }

    /// <summary>A random auction likely still in flight, or one of a few not yet generated.</summary>
    private long NextBase0AuctionId(long eventId, ref JavaRandom random)
    {
        long maxAuction = LastBase0AuctionId(eventId);
        long minAuction = Math.Max(maxAuction - Config.NumInFlightAuctions, 0);
        return minAuction + random.NextLong(maxAuction - minAuction + 1 + AuctionIdLead);
    }

    // ---- events ----------------------------------------------------------------------

    private void WritePerson(long n, PersonColumns into, int row)
    {
        var random = new JavaRandom(n ^ seedMix);
        long timestampMs = TimestampMs(n);

        int first = random.NextInt(FirstNames.Length);
        int last = random.NextInt(LastNames.Length);
        string name = personNames[first * LastNames.Length + last];

        Span<char> local = stackalloc char[8];
        Span<char> domain = stackalloc char[8];
        int localLength = NextString(ref random, 7, ' ', local);
        int domainLength = NextString(ref random, 5, ' ', domain);
        int emailLength = localLength + 1 + domainLength + 4;

        Span<char> card = stackalloc char[19];
        for (int i = 0; i < 4; i++)
        {
            int digits = random.NextInt(10_000);
            int at = i * 5;
            if (i > 0)
                card[at - 1] = ' ';
            card[at] = (char)('0' + digits / 1000);
            card[at + 1] = (char)('0' + digits / 100 % 10);
            card[at + 2] = (char)('0' + digits / 10 % 10);
            card[at + 3] = (char)('0' + digits % 10);
        }

        string city = UsCities[random.NextInt(UsCities.Length)];
        string state = UsStates[random.NextInt(UsStates.Length)];

        if (into.Id is { } id)
            id[row] = LastBase0PersonId(n) + FirstPersonId;
        if (into.Name is { } names)
            names[row] = name;
        if (into.EmailAddress is { } emails)
            emails[row] = string.Concat(local[..localLength], "@", domain[..domainLength], ".com");
        if (into.CreditCard is { } cards)
            cards[row] = new string(card);
        if (into.City is { } cities)
            cities[row] = city;
        if (into.State is { } states)
            states[row] = state;
        if (into.DateTime is { } times)
            times[row] = timestampMs * 1000L;
        if (into.Extra is { } extras)
        {
            int size = 8 + name.Length + emailLength + card.Length + city.Length + state.Length;
            extras[row] = NextExtra(ref random, size, Config.AvgPersonByteSize);
        }
    }

    private void WriteAuction(long n, AuctionColumns into, int row)
    {
        var random = new JavaRandom(n ^ seedMix);
        long timestampMs = TimestampMs(n);

        long seller = random.NextInt(Config.HotSellersRatio) > 0
            ? LastBase0PersonId(n) / HotBlock * HotBlock
            : NextBase0PersonId(n, ref random);
        seller += FirstPersonId;
        long category = FirstCategoryId + random.NextInt(NumCategories);
        long initialBid = NextPrice(ref random);

        // The auction stays open for, on average, the time until NumInFlightAuctions more auctions exist.
        long horizonMs = TimestampMs(n + numEventsForAuctions) - timestampMs;
        long expiresMs = timestampMs + 1L + random.NextLong(Math.Max(horizonMs * 2, 1L));

        Span<char> itemName = stackalloc char[20];
        Span<char> description = stackalloc char[100];
        int itemNameLength = NextString(ref random, 20, ' ', itemName);
        int descriptionLength = NextString(ref random, 100, ' ', description);
        long reserve = initialBid + NextPrice(ref random);

        if (into.Id is { } id)
            id[row] = LastBase0AuctionId(n) + FirstAuctionId;
        if (into.ItemName is { } itemNames)
            itemNames[row] = new string(itemName[..itemNameLength]);
        if (into.Description is { } descriptions)
            descriptions[row] = new string(description[..descriptionLength]);
        if (into.InitialBid is { } initialBids)
            initialBids[row] = initialBid;
        if (into.Reserve is { } reserves)
            reserves[row] = reserve;
        if (into.DateTime is { } times)
            times[row] = timestampMs * 1000L;
        if (into.Expires is { } expires)
            expires[row] = expiresMs * 1000L;
        if (into.Seller is { } sellers)
            sellers[row] = seller;
        if (into.Category is { } categories)
            categories[row] = category;
        if (into.Extra is { } extras)
        {
            int size = 8 + itemNameLength + descriptionLength + 8 + 8 + 8 + 8 + 8;
            extras[row] = NextExtra(ref random, size, Config.AvgAuctionByteSize);
        }
    }

    private void WriteBid(long n, BidColumns into, int row)
    {
        var random = new JavaRandom(n ^ seedMix);

        long auction = random.NextInt(Config.HotAuctionRatio) > 0
            ? LastBase0AuctionId(n) / HotBlock * HotBlock
            : NextBase0AuctionId(n, ref random);
        auction += FirstAuctionId;

        // The second person of a block, so hot bidders and hot sellers differ.
        long bidder = random.NextInt(Config.HotBiddersRatio) > 0
            ? LastBase0PersonId(n) / HotBlock * HotBlock + 1
            : NextBase0PersonId(n, ref random);
        // The reference generator adds FIRST_PERSON_ID twice, so bidder ids start at 2000;
        // kept, because published results depend on it.
        bidder += 2 * FirstPersonId;

        long price = NextPrice(ref random);

        string channel, url;
        if (random.NextInt(HotChannelsRatio) > 0)
        {
            int i = random.NextInt(HotChannels.Length);
            channel = HotChannels[i];
            url = hotUrls[i];
        }
        else
        {
            int c = random.NextInt(ChannelsNumber);
            channel = channelNames[c];
            url = channelUrls[c];
        }

        if (into.Auction is { } auctions)
            auctions[row] = auction;
        if (into.Bidder is { } bidders)
            bidders[row] = bidder;
        if (into.Price is { } prices)
            prices[row] = price;
        if (into.Channel is { } channels)
            channels[row] = channel;
        if (into.Url is { } urls)
            urls[row] = url;
        if (into.DateTime is { } times)
            times[row] = TimestampMs(n) * 1000L;
        if (into.Extra is { } extras)
            extras[row] = NextExtra(ref random, 8 + 8 + 8 + 8, Config.AvgBidByteSize);
    }

    // ---- values ----------------------------------------------------------------------

    /// <summary>round(10^(U[0,1) * 6) * 100): prices from 1 to 100M cents, log-uniform.</summary>
    private static long NextPrice(ref JavaRandom random) =>
        (long)Math.Floor(Math.Pow(10.0, random.NextDouble() * 6.0) * 100.0 + 0.5);

    /// <summary>
    /// Draws a string of 3 to <paramref name="maxLength"/> - 1 characters (each <paramref name="special"/>
    /// with probability 1/13, else a lowercase letter) into <paramref name="buffer"/>, trims
    /// characters up to and including space from both ends as Java's <c>trim</c> does, moves the
    /// result to the start of the buffer and returns its length.
    /// </summary>
    private static int NextString(ref JavaRandom random, int maxLength, char special, Span<char> buffer)
    {
        int length = MinStringLength + random.NextInt(maxLength - MinStringLength);
        for (int i = 0; i < length; i++)
            buffer[i] = random.NextInt(13) == 0 ? special : (char)('a' + random.NextInt(26));
        int startAt = 0, end = length;
        while (startAt < end && buffer[startAt] <= ' ')
            startAt++;
        while (end > startAt && buffer[end - 1] <= ' ')
            end--;
        if (startAt > 0)
            buffer[startAt..end].CopyTo(buffer);
        return end - startAt;
    }

    /// <summary>
    /// Exactly <paramref name="length"/> characters, six per 32-bit draw: the draw's base-26 digits
    /// from the lowest, each added to 'a'. Java's remainder keeps the sign of a negative draw, so
    /// those give characters below 'a'; kept, as the reference does it. The characters are written
    /// two at a time from <see cref="CharPairs"/> straight into the new string. This is always the
    /// last draw of an event, so <paramref name="random"/> is taken by value.
    /// </summary>
    private static string NextExactString(JavaRandom random, int length)
    {
        if (length <= 0)
            return "";
        return string.Create(length, random, static (chars, r) =>
        {
            int i = 0;
            while (i < chars.Length)
            {
                int rnd = r.NextInt();
                int take = Math.Min(6, chars.Length - i);
                for (; take >= 2; take -= 2)
                {
                    int pair = (rnd % 676 + 675) * 2;
                    rnd /= 676;
                    chars[i++] = CharPairs[pair];
                    chars[i++] = CharPairs[pair + 1];
                }
                if (take == 1)
                    chars[i++] = (char)('a' + rnd % 26);
            }
        });
    }

    /// <summary>
    /// For every remainder r of a draw by 676 (-675 to 675, truncated as Java and C# do), the two
    /// characters 'a' + r % 26 and 'a' + (r / 26) % 26 that two base-26 steps produce.
    /// </summary>
    private static readonly string CharPairs = string.Create(1351 * 2, 0, static (pairs, _) =>
    {
        for (int r = -675; r <= 675; r++)
        {
            pairs[(r + 675) * 2] = (char)('a' + r % 26);
            pairs[(r + 675) * 2 + 1] = (char)('a' + r / 26 % 26);
        }
    });

    /// <summary>Padding that brings a record of <paramref name="currentSize"/> bytes to the desired average (±20%).</summary>
    private static string NextExtra(ref JavaRandom random, int currentSize, int desiredAverageSize)
    {
        if (currentSize > desiredAverageSize)
            return "";
        int remaining = desiredAverageSize - currentSize;
        int delta = (int)Math.Floor(remaining * 0.2 + 0.5);
        int minSize = remaining - delta;
        int size = minSize + (delta == 0 ? 0 : random.NextInt(2 * delta));
        return NextExactString(random, size);
    }

    private static string BaseUrl(ref JavaRandom random)
    {
        Span<char> a = stackalloc char[5], b = stackalloc char[5], c = stackalloc char[5];
        int la = NextString(ref random, 5, '_', a);
        int lb = NextString(ref random, 5, '_', b);
        int lc = NextString(ref random, 5, '_', c);
        return "https://www.nexmark.com/" + new string(a[..la]) + "/" + new string(b[..lb]) + "/"
            + new string(c[..lc]) + "/item.htm?query=1";
    }

    private static int ReverseBits(int value)
    {
        uint v = (uint)value, r = 0;
        for (int i = 0; i < 32; i++)
        {
            r = (r << 1) | (v & 1);
            v >>= 1;
        }
        return (int)r;
    }
}
