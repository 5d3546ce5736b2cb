namespace StreamSql.Runtime.Nexmark;

/// <summary>The three Nexmark event kinds, each exposed as its own table.</summary>
public enum NexmarkTable
{
    Person = 0,
    Auction = 1,
    Bid = 2,
}
