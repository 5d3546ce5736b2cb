using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Runtime.Connectors.Console;

/// <summary>The <c>console</c> sink's settings: <c>rows</c>, how many rows of each epoch to print (default 10).</summary>
public sealed record ConsoleSinkOptions(int Rows)
{
    public const string ConnectorName = "console";

    public static readonly IReadOnlyList<string> ValidOptions = ["rows"];

    public static readonly ConsoleSinkOptions Default = new(10);

    /// <summary>Checks the <c>WITH</c> options (keys case-insensitive; <c>connector</c> ignored); 22023 errors.</summary>
    public static ConsoleSinkOptions Parse(IReadOnlyDictionary<string, string> options)
    {
        const string owner = "connector " + ConnectorName;
        var result = Default;
        foreach (var (rawKey, value) in options)
        {
            switch (rawKey.Trim().ToLowerInvariant())
            {
                case "connector":
                    break;
                case "rows":
                    result = new ConsoleSinkOptions(ConnectorOptions.ParseInt(value, "rows", owner, 1, 1_000_000));
                    break;
                default:
                    throw ConnectorOptions.Unknown(rawKey, owner, ValidOptions);
            }
        }
        return result;
    }
}
