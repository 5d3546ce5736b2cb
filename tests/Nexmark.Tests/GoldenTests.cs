using StreamSql.Runtime.Nexmark;

namespace StreamSql.Nexmark.Tests;

/// <summary>
/// Pins the generated values, so a change to the generator (say, for speed) cannot silently change
/// the stream every published result and reference depends on.
/// </summary>
public sealed class GoldenTests
{
    private static readonly NexmarkEventSet Set = NexmarkEventSet.Generate(new NexmarkGenerator(new NexmarkConfig()), 10_000);

    [Fact]
    public void First_events_are_pinned()
    {
        Assert.Equal(
            "1000|Peter Jones|nhd@xcat.com|7241 7320 9143 4888|Portland|WY|1436918400000000|WN_HS_bnpkki",
            $"{Set.People.Id![0]}|{Set.People.Name![0]}|{Set.People.EmailAddress![0]}|{Set.People.CreditCard![0]}|{Set.People.City![0]}|{Set.People.State![0]}|{Set.People.DateTime![0]}|{Set.People.Extra![0]![..12]}");
        Assert.Equal(
            "1000|wkx mgee|28873|29448|1436918400011000|1000|13|zcurskufssow",
            $"{Set.Auctions.Id![0]}|{Set.Auctions.ItemName![0]}|{Set.Auctions.InitialBid![0]}|{Set.Auctions.Reserve![0]}|{Set.Auctions.Expires![0]}|{Set.Auctions.Seller![0]}|{Set.Auctions.Category![0]}|{Set.Auctions.Extra![0]![..12]}");
        Assert.Equal(
            "1000|2001|32530001|Google|https://www.nexmark.com/jol/liu/fmf/item.htm?query=1|1436918400000000|"
            + "sbolvyqwgticfdrwdyiyofziYMU\\Z`UaTQO][NX\\RM]WPYTOuwogvszlx",
            $"{Set.Bids.Auction![0]}|{Set.Bids.Bidder![0]}|{Set.Bids.Price![0]}|{Set.Bids.Channel![0]}|{Set.Bids.Url![0]}|{Set.Bids.DateTime![0]}|{Set.Bids.Extra![0]}");
    }

    [Fact]
    public void Every_string_of_ten_thousand_events_is_pinned()
    {
        ulong h = 14695981039346656037UL;
        void Add(string?[] values)
        {
            foreach (var v in values)
                foreach (char c in v!)
                    h = (h ^ c) * 1099511628211UL;
        }
        Add(Set.People.EmailAddress!);
        Add(Set.People.CreditCard!);
        Add(Set.People.Extra!);
        Add(Set.Auctions.ItemName!);
        Add(Set.Auctions.Description!);
        Add(Set.Auctions.Extra!);
        Add(Set.Bids.Url!);
        Add(Set.Bids.Extra!);
        Assert.Equal(13374925847065433615UL, h);
    }
}
