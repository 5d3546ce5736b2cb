using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Runtime.Connectors.Socket;

/// <summary>
/// The <c>socket</c> connector's settings. From <c>WITH</c>: <c>host</c> and <c>port</c> (both
/// required) and the options every source takes (<see cref="ConnectorOptions.CommonSourceOptions"/>, carried out by the runtime), plus the
/// <c>FORMAT</c> (TEXT by default: lines). Not options of the statement: <see cref="BufferRecords"/>, the most records read
/// ahead of the pipeline, and the reconnect back-off bounds.
/// </summary>
public sealed record SocketSourceOptions(string Host, int Port, RecordFormat Format)
{
    public const string ConnectorName = "socket";

    public static readonly IReadOnlyList<string> ValidOptions = ["host", "port", .. ConnectorOptions.CommonSourceOptions];

    public int BufferRecords { get; init; } = 10_000;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks the <c>WITH</c> options (keys case-insensitive; <c>connector</c> ignored) and the format; 22023 errors.</summary>
    public static SocketSourceOptions Parse(IReadOnlyDictionary<string, string> options, string? format,
        IReadOnlyDictionary<string, string>? formatOptions)
    {
        const string owner = "connector " + ConnectorName;
        string? host = null;
        int? port = null;
        foreach (var (rawKey, value) in options)
        {
            switch (rawKey.Trim().ToLowerInvariant())
            {
                case "connector":
                    break;
                case "host":
                    if (string.IsNullOrWhiteSpace(value))
                        throw ConnectorOptions.Invalid($"invalid value '{value}' for option 'host' of {owner}; expected a host name or IP address");
                    host = value.Trim();
                    break;
                case "port":
                    port = ConnectorOptions.ParseInt(value, "port", owner, 1, 65535);
                    break;
                case var key when ConnectorOptions.CheckCommonSourceOption(key, value, owner):
                    break;
                default:
                    throw ConnectorOptions.Unknown(rawKey, owner, ValidOptions);
            }
        }
        if (host is null)
            throw ConnectorOptions.Missing("host", owner, ValidOptions);
        if (port is null)
            throw ConnectorOptions.Missing("port", owner, ValidOptions);
        return new SocketSourceOptions(host, port.Value, RecordFormat.Parse(format, formatOptions, RecordFormat.Text));
    }
}
