using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// The columns of the Nexmark tables under RisingWave's snake_case names, in the order of the
/// published DDL, and the standard watermark: <c>date_time - INTERVAL '4' SECOND</c>.
/// </summary>
public static class NexmarkSchema
{
    public const string TimeColumn = "date_time";

    /// <summary>The watermark delay on <see cref="TimeColumn"/> in microseconds (4 seconds).</summary>
    public const long WatermarkDelayMicros = 4_000_000L;

    public static readonly RowSchema Person = RowSchema.Of(
        ("id", DataType.Int64),
        ("name", DataType.Text),
        ("email_address", DataType.Text),
        ("credit_card", DataType.Text),
        ("city", DataType.Text),
        ("state", DataType.Text),
        ("date_time", DataType.Timestamp),
        ("extra", DataType.Text));

    public static readonly RowSchema Auction = RowSchema.Of(
        ("id", DataType.Int64),
        ("item_name", DataType.Text),
        ("description", DataType.Text),
        ("initial_bid", DataType.Int64),
        ("reserve", DataType.Int64),
        ("date_time", DataType.Timestamp),
        ("expires", DataType.Timestamp),
        ("seller", DataType.Int64),
        ("category", DataType.Int64),
        ("extra", DataType.Text));

    public static readonly RowSchema Bid = RowSchema.Of(
        ("auction", DataType.Int64),
        ("bidder", DataType.Int64),
        ("price", DataType.Int64),
        ("channel", DataType.Text),
        ("url", DataType.Text),
        ("date_time", DataType.Timestamp),
        ("extra", DataType.Text));

    public static RowSchema Of(NexmarkTable table) => table switch
    {
        NexmarkTable.Person => Person,
        NexmarkTable.Auction => Auction,
        NexmarkTable.Bid => Bid,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    /// <summary>The table named by the connector's <c>table</c> option (case-insensitive), or null.</summary>
    public static NexmarkTable? TableNamed(string name) => name.ToLowerInvariant() switch
    {
        "person" => NexmarkTable.Person,
        "auction" => NexmarkTable.Auction,
        "bid" => NexmarkTable.Bid,
        _ => null,
    };

    public static string NameOf(NexmarkTable table) => table switch
    {
        NexmarkTable.Person => "person",
        NexmarkTable.Auction => "auction",
        NexmarkTable.Bid => "bid",
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    /// <summary>The <c>CREATE SOURCE</c> column list of a table, watermark included.</summary>
    public static string ColumnDdl(NexmarkTable table) =>
        string.Join(", ", Of(table).Fields.Select(f => $"{f.Name} {SqlTypeName(f.Type)}"))
        + $", WATERMARK FOR {TimeColumn} AS {TimeColumn} - INTERVAL '4' SECOND";

    private static string SqlTypeName(DataType type) => type.Kind switch
    {
        TypeKind.Int64 => "BIGINT",
        TypeKind.Timestamp => "TIMESTAMP",
        _ => "VARCHAR",
    };

    internal static ImmutableArray<DataType> TypesOf(NexmarkTable table) => Of(table).Types;
}
